package org.jicp.state.replicated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.Height;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.jicp.state.certification.CanisterRanges;
import org.jicp.state.internal.cbor.Cbor;
import org.jicp.state.internal.cbor.CborValue;
import org.jicp.state.testing.SampleStates;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.LookupStatus;
import org.junit.jupiter.api.Test;

class CertifiedStateTreeTest {
  private static List<Bytes> path(Object... labels) {
    return java.util.Arrays.stream(labels)
        .map(l -> l instanceof Bytes b ? b : HashTree.utf8((String) l)).toList();
  }

  @Test
  void of_sampleState_publishesSpecPathsWithSpecEncodings() {
    ReplicatedState s = SampleStates.state(Height.of(3), 3, 1);
    HashTree t = CertifiedStateTree.of(s).tree();
    assertThat(t.isWellFormed()).isTrue();
    Bytes c0 = CanisterId.fromIndex(0).principal().bytes();
    assertThat(t.lookup(path("canister", c0, "certified_data")).value()).isEqualTo(Bytes.of((byte) 0));
    assertThat(t.lookup(path("canister", c0, "module_hash")).value().length()).isEqualTo(32);
    Bytes c2 = CanisterId.fromIndex(2).principal().bytes();
    assertThat(t.lookup(path("canister", c2, "module_hash")).status()).isEqualTo(LookupStatus.ABSENT);
    CborValue controllers = Cbor.decode(
        t.lookup(path("canister", c0, "controllers")).value().toByteArray(), "controllers");
    assertThat(controllers.tag()).isEqualTo(55799);
    assertThat(controllers.asArray("c")).hasSize(1);
    assertThat(controllers.asArray("c").get(0).asBytes("p"))
        .isEqualTo(Principal.anonymous().toByteArray());
    Bytes rid = MessageId.fromHex("22".repeat(32)).bytes();
    assertThat(t.lookup(path("request_status", rid, "status")).value())
        .isEqualTo(HashTree.utf8("rejected"));
    assertThat(t.lookup(path("request_status", rid, "reject_code")).value())
        .isEqualTo(Bytes.of((byte) 5));
    assertThat(t.lookup(path("request_status", rid, "error_code")).value())
        .isEqualTo(HashTree.utf8("IC0503"));
    Bytes sid = SampleStates.SUBNET.principal().bytes();
    assertThat(t.lookup(path("subnet", sid, "type")).value()).isEqualTo(HashTree.utf8("application"));
    assertThat(t.lookup(path("subnet", sid, "public_key")).value().length()).isEqualTo(133);
    CanisterRanges ranges = CanisterRanges.decode(
        t.lookup(path("subnet", sid, "canister_ranges")).value());
    assertThat(ranges.contains(CanisterId.fromIndex(5).principal())).isTrue();
    assertThat(t.lookup(path("canister_ranges", sid, CanisterId.fromIndex(0).principal().bytes()))
        .isFound()).isTrue();
    assertThat(t.lookup(path("time")).isFound()).isTrue();
    // Streams: header and messages by 8-byte big-endian index (jicp's encoding of both).
    Bytes dst = org.jicp.types.SubnetId.fromBytes(new byte[] {9, 9}).principal().bytes();
    StreamEncoding.Header hdr = StreamEncoding.decodeHeader(
        t.lookup(path("streams", dst, "header")).value().toByteArray());
    assertThat(hdr.begin()).isEqualTo(1);
    assertThat(hdr.end()).isEqualTo(2);
    assertThat(hdr.signalsEnd()).isEqualTo(12);
    assertThat(hdr.rejectSignals()).containsExactly(Map.entry(3L, RejectReason.CANISTER_MIGRATING),
        Map.entry(5L, RejectReason.CANISTER_NOT_FOUND));
    Bytes idx1 = Bytes.fromHex("0000000000000001");
    assertThat(StreamEncoding.decodeMessage(
        t.lookup(path("streams", dst, "messages", idx1)).value().toByteArray()))
        .isInstanceOf(CanisterMessage.Response.class);
    assertThat(t.lookup(path("streams", dst, "messages", Bytes.fromHex("0000000000000000")))
        .isFound()).isFalse();
    // Metrics of the own subnet; custom sections public and private.
    CborValue metrics = Cbor.decode(
        t.lookup(path("subnet", sid, "metrics")).value().toByteArray(), "metrics");
    assertThat(metrics.asMap("m").get("num_canisters").asUnsignedLong("n")).isEqualTo(3);
    assertThat(metrics.asMap("m").get("update_transactions_total").asUnsignedLong("n"))
        .isEqualTo(77);
    Bytes c1 = CanisterId.fromIndex(1).principal().bytes();
    assertThat(t.lookup(path("canister", c1, "metadata", "candid:service")).isFound()).isTrue();
    assertThat(t.lookup(path("canister", c1, "metadata", "secret")).isFound()).isTrue();
  }

  @Test
  void update_oneCanisterChanged_equalsFullRebuildAndReusesOthers() {
    ReplicatedState s = SampleStates.state(Height.of(3), 30, 2);
    CertifiedStateTree t1 = CertifiedStateTree.of(s);
    CanisterState c = s.canisters().get(CanisterId.fromIndex(7));
    ReplicatedState s2 = s.withCanister(c.withSystem(c.system().withCertifiedData(
        Bytes.fromHex("ff"))));
    CertifiedStateTree t2 = t1.update(s2);
    assertThat(t2.rootHash()).isEqualTo(CertifiedStateTree.of(s2).rootHash());
    assertThat(t2.rootHash()).isNotEqualTo(t1.rootHash());
    // Unchanged canisters keep their very subtree objects.
    Bytes other = CanisterId.fromIndex(8).principal().bytes();
    assertThat(t2.tree().lookupSubtree(path("canister", other)).subtree())
        .isSameAs(t1.tree().lookupSubtree(path("canister", other)).subtree());
    ReplicatedState s3 = s2.withoutCanister(CanisterId.fromIndex(3))
        .withMetadata(s2.metadata().withIngressHistory(s2.metadata().ingressHistory().set(
            MessageId.fromHex("44".repeat(32)), IngressStatus.of(IngressStatus.Kind.RECEIVED,
                CanisterId.fromIndex(1), org.jicp.crypto.Principal.anonymous(), 1),
            Long.MAX_VALUE)));
    assertThat(t2.update(s3).rootHash()).isEqualTo(CertifiedStateTree.of(s3).rootHash());
  }
}
