package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jicp.candid.CandidEncoder;
import org.jicp.crypto.Bytes;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void counter_overHttp_updatesAndQueries() throws Exception {
    try (TestReplica r = new TestReplica(List.of("nns", "application"))) {
      RawIc c = r.client();
      CanisterId ecid = r.backend.topology().defaultEffectiveCanisterId();
      CanisterId id = c.createCanister(ecid);
      c.install(id, Harness.motoko("counter"), "install");
      Certificates.reply(c.call("v3", id, id, "inc", CandidEncoder.empty()));
      RawIc.Http q = c.query(id, id, "get", CandidEncoder.empty());
      assertThat(q.status()).as(q.text()).isEqualTo(200);
      System.out.println(q.cbor());
      RawIc.Http rs = c.readState("canister", id.principal(), List.of(List.of(Bytes.of("time".getBytes()))));
      assertThat(rs.status()).as(rs.text()).isEqualTo(200);
      System.out.println(Certificates.verify(r.backend.topology().rootKeyDer(),
          (Bytes) rs.cbor().get("certificate"), id));
      System.out.println("URL " + r.url() + " canister " + id);
    }
  }
}
