package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WebAuthn senders as DFINITY's agent-js 3.4.3 makes them: {@code agent-js/webauthn-senders.mjs}
 * runs @dfinity/identity's {@code WebAuthnIdentity} unmodified over a software authenticator
 * behind {@code navigator.credentials.get} (ECDSA P-256 and RSA credentials, as browsers'
 * platform authenticators and security keys answer), directly and through an Internet-Identity
 * style delegation to an Ed25519 session key, against an NNS and an application subnet with BLS
 * and query-signature verification on; a wrong challenge and altered authenticator data are
 * refused with a 4xx naming the WebAuthn signature. The IC's own recorded YubiKey and Windows
 * Hello vectors are ic-state's {@code WebAuthnTest}.
 */
class WebAuthnSendersTest {
  private static TestReplica replica;
  private static Path modules;

  @BeforeAll
  static void setUp() throws Exception {
    modules = NodeClients.install(Harness.root().resolve("agent-js"), "agent-js");
    replica = new TestReplica(List.of("nns", "application"));
  }

  @AfterAll
  static void tearDown() {
    if (replica != null) {
      replica.close();
    }
  }

  @Test
  void agentJsWebAuthnIdentity_p256AndRsaDirectAndDelegated_callerIsItsPrincipalTamperedRefused()
      throws Exception {
    RawIc c = replica.client();
    CanisterId id = c.createCanister(replica.backend.topology().defaultEffectiveCanisterId());
    c.install(id, CanisterSignatureSendersTest.wasm(), "install");
    Path script = Path.of("target", "test-classes", "agent-js", "webauthn-senders.mjs")
        .toAbsolutePath();
    ExternalProcess.Result r = NodeClients.run(modules, script,
        Map.of("REPLICA_URL", replica.url(), "CANISTER_ID", id.principal().toText()));
    System.out.println(r.output());
    assertThat(r.output()).contains("webauthn senders: all passed").doesNotContain("FAIL");
    // 4 accepted senders (P-256, RSA, each direct and delegated), 2 tampered × query and update.
    assertThat(r.output().lines().filter(l -> l.startsWith("OK "))).hasSize(8);
    assertThat(r.exit()).isZero();
  }
}
