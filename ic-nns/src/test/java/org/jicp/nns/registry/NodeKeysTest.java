package org.jicp.nns.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.jicp.crypto.Bytes;
import org.jicp.crypto.nidkg.NiDkgProtobuf;
import org.junit.jupiter.api.Test;

/** Simulated node keys: the cheap public derivation and the full generation agree. */
class NodeKeysTest {
  @Test
  void derive_equalsThePublicKeysOfGenerate_andItsPopVerifiesForTheNode() {
    NodeKeys derived = NodeKeys.derive(Bytes.fromHex("21"), 7);
    NodeKeys.Generated generated = NodeKeys.generate(Bytes.fromHex("21"), 7);
    assertThat(generated.keys()).isEqualTo(derived);
    assertThat(DealingEncryptionKeys.verified(derived.dkgDealingEncryptionRecord(), derived.nodeId()))
        .isEqualTo(derived.dkgDealingEncryptionKey());
    // a memoized second generation hands out an equal but distinct decryption key
    NodeKeys.Generated again = NodeKeys.generate(Bytes.fromHex("21"), 7);
    assertThat(again.dkgDealingDecryptionKey()).isNotSameAs(generated.dkgDealingDecryptionKey());
    assertThat(NiDkgProtobuf.encode(again.dkgDealingDecryptionKey()))
        .isEqualTo(NiDkgProtobuf.encode(generated.dkgDealingDecryptionKey()));
    assertThat(NodeKeys.derive(Bytes.fromHex("21"), 8)).isNotEqualTo(derived);
  }

  @Test
  void secrets_matchTheDerivedPublicKeys() {
    Bytes seed = Bytes.of(new byte[] {4, 2});
    for (long index = 0; index < 3; index++) {
      NodeKeys pub = NodeKeys.derive(seed, index);
      org.jicp.crypto.bls.SecretKey committee = NodeKeys.committeeSigningSecret(seed, index);
      assertThat(Bytes.of(org.jicp.crypto.bls.BlsScheme.IC_MULTI.publicKey(committee).toBytes()))
          .isEqualTo(pub.committeeSigningKey());
      assertThat(Bytes.of(org.jicp.crypto.bls.BlsScheme.IC_MULTI.popProve(committee).toBytes()))
          .isEqualTo(pub.committeeSigningPop());
      assertThat(Bytes.of(NodeKeys.nodeSigningSecret(seed, index).publicKey().raw()))
          .isEqualTo(pub.nodeSigningKey());
    }
  }
}
