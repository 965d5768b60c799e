package org.jicp.nns.registry;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.nns.registry.pb.RegistryMutation;
import org.jicp.types.ports.RegistryClient;
import org.jicp.types.ports.contract.RegistryClientContractTest;

/**
 * The {@link RegistryClient} contract for the registry canister's client over a registry state
 * machine ({@link RegistryCanisterClient#of}); the client decoded from a subnet's state is checked
 * in {@code NnsSubnetTest}.
 */
class RegistryCanisterClientTest extends RegistryClientContractTest {
  @Override
  protected GrowingRegistry registry() {
    Registry r = new Registry();
    return new GrowingRegistry() {
      @Override
      public void addVersion(Map<String, Optional<Bytes>> changes) {
        List<RegistryMutation> ms = new ArrayList<>();
        changes.forEach((k, v) -> {
          RegistryMutation.Builder b = RegistryMutation.newBuilder().setKey(ByteString.copyFrom(k, StandardCharsets.UTF_8));
          if (v.isPresent()) {
            b.setMutationType(RegistryMutation.Type.UPSERT).setValue(ByteString.copyFrom(v.get().toByteArray()));
          } else {
            b.setMutationType(RegistryMutation.Type.DELETE);
          }
          ms.add(b.build());
        });
        r.store().apply(ms, s -> { });
      }

      @Override
      public RegistryClient client() {
        return RegistryCanisterClient.of(r);
      }
    };
  }
}
