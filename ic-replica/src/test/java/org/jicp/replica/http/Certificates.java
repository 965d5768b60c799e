package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jicp.crypto.Bytes;
import org.jicp.state.certification.BlsCertificateSignatureVerifier;
import org.jicp.state.certification.Certificate;
import org.jicp.state.certification.CertificateVerification;
import org.jicp.state.certification.CertificateVerifier;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.state.tree.LookupResult;
import org.jicp.state.tree.LookupStatus;

/** Reading v3 call answers and checking certificates with ic-state's verifier. */
final class Certificates {
  private Certificates() {}

  /** The reply of a v3 call answer whose certificate says replied (fails otherwise). */
  static Bytes reply(RawIc.Http h) {
    assertThat(h.status()).as(h.text()).isEqualTo(200);
    Map<String, Object> m = h.cbor();
    assertThat(m.get("status")).as(m.toString()).isEqualTo("replied");
    Certificate c = Certificate.decode(((Bytes) m.get("certificate")).toByteArray());
    Bytes rid = requestId(c);
    LookupResult st = c.lookup(List.of(Bytes.of("request_status".getBytes()), rid,
        Bytes.of("status".getBytes())));
    String status = new String(st.value().toByteArray());
    if (!status.equals("replied")) {
      LookupResult msg = c.lookup(List.of(Bytes.of("request_status".getBytes()), rid,
          Bytes.of("reject_message".getBytes())));
      throw new AssertionError("status " + status + ": "
          + (msg.isFound() ? new String(msg.value().toByteArray()) : "-"));
    }
    return c.lookup(List.of(Bytes.of("request_status".getBytes()), rid,
        Bytes.of("reply".getBytes()))).value();
  }

  /** The one request id under /request_status of a certificate. */
  static Bytes requestId(Certificate c) {
    return c.tree().lookupSubtree(List.of(Bytes.of("request_status".getBytes())))
        .subtree().flattenForks().stream()
        .filter(t -> t instanceof org.jicp.state.tree.HashTree.Labeled)
        .map(t -> ((org.jicp.state.tree.HashTree.Labeled) t).label()).findFirst().orElseThrow();
  }

  /** Verifies {@code cert} under {@code rootKeyDer} for canister reads (fresh, BLS, ranges). */
  static CertificateVerification verify(Bytes rootKeyDer, Bytes cert,
      org.jicp.types.CanisterId ecid) {
    CertificateVerifier v = CertificateVerifier.withFreshness(
        ThresholdPublicKey.fromDer(rootKeyDer.toByteArray()), BlsCertificateSignatureVerifier.instance(),
        Clock.systemUTC(), Duration.ofMinutes(5));
    return v.verify(Certificate.decode(cert.toByteArray()), ecid);
  }

  static boolean found(LookupResult r) {
    return r.status() == LookupStatus.FOUND;
  }
}
