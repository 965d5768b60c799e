package org.jicp.crypto.bls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.testing.Seeds;
import org.junit.jupiter.api.Test;

class BlsSchemeTest {
  private static final byte[] MSG = "message".getBytes(StandardCharsets.UTF_8);

  private static SecretKey key(SplittableRandom rnd) {
    byte[] ikm = new byte[32];
    rnd.nextBytes(ikm);
    return SecretKey.keyGen(ikm, new byte[0]);
  }

  /**
   * KeyGen of the BLS draft is EIP-2333's hkdf_mod_r; its published master keys (EIP-2333 test
   * cases 0-3: seed -> master_SK) check the HKDF, salt loop and reduction.
   */
  @Test
  void keyGen_matchesEip2333MasterKeys() {
    String[][] cases = {
      {"c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04",
        "6083874454709270928345386274498605044986640685124978867557563392430687146096"},
      {"3141592653589793238462643383279502884197169399375105820974944592",
        "29757020647961307431480504535336562678282505419141012933316116377660817309383"},
      {"0099ff991111002299dd7744ee3355bbdd8844115566cc55663355668888cc00",
        "27580842291869792442942448775674722299803720648445448686099262467207037398656"},
      {"d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3",
        "19022158461524446591288038168518313374041767046816487870552872741050760015818"},
    };
    for (String[] c : cases) {
      SecretKey sk = SecretKey.keyGen(Bytes.parseHex(c[0]), new byte[0]);
      assertThat(sk.scalar(org.jicp.crypto.InsecureSecretKeyAccess.get()).toBigInteger()).isEqualTo(new BigInteger(c[1]));
    }
    assertThatThrownBy(() -> SecretKey.keyGen(new byte[31], new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secretKey_neverShowsItselfAndCanBeDestroyed() {
    SecretKey sk = key(Seeds.random("sk"));
    String hex = Bytes.hex(sk.toBytes(org.jicp.crypto.InsecureSecretKeyAccess.get()));
    assertThat(sk.toString()).doesNotContain(hex).isEqualTo("SecretKey(***)");
    assertThat(sk.constantTimeEquals(SecretKey.fromBytes(sk.toBytes(org.jicp.crypto.InsecureSecretKeyAccess.get())))).isTrue();
    assertThatThrownBy(() -> sk.toBytes(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("SecretKeyAccess");
    assertThatThrownBy(() -> sk.scalar(null)).isInstanceOf(NullPointerException.class);
    sk.destroy();
    assertThat(sk.isDestroyed()).isTrue();
    assertThatThrownBy(() -> sk.toBytes(org.jicp.crypto.InsecureSecretKeyAccess.get())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> BlsScheme.IC.sign(sk, MSG)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SecretKey.fromBytes(new byte[32])).isInstanceOf(InvalidEncodingException.class)
        .hasMessageContaining("zero");
  }

  /** A key carries its scheme: another scheme's operations reject it instead of answering false. */
  @Test
  void publicKey_usedWithAnotherScheme_throws() {
    SecretKey sk = key(Seeds.random("publicKey_usedWithAnotherScheme_throws"));
    PublicKey ic = BlsScheme.IC.publicKeyFromBytes(BlsScheme.IC.publicKey(sk).toBytes());
    assertThat(ic.scheme()).isEqualTo(BlsScheme.IC);
    Signature sig = BlsScheme.IC_MULTI.sign(sk, MSG);
    // same group and encoding, other DST: before, verify returned a silent false
    assertThatThrownBy(() -> BlsScheme.IC_MULTI.verify(ic, MSG, sig))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheme IC used with scheme IC_MULTI");
    assertThatThrownBy(() -> BlsScheme.IC_MULTI.aggregatePublicKeys(List.of(ic)))
        .isInstanceOf(IllegalArgumentException.class);
    PublicKey multi = BlsScheme.IC_MULTI.publicKeyFromBytes(ic.toBytes());
    assertThat(BlsScheme.IC_MULTI.verify(multi, MSG, sig)).isTrue();
    assertThat(multi).isNotEqualTo(ic);
    PublicKey eth = BlsScheme.ETH.publicKey(sk);
    assertThatThrownBy(() -> BlsScheme.MIN_PK_NUL.verify(eth, MSG, BlsScheme.MIN_PK_NUL.sign(sk, MSG)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BlsScheme.IC.publicKeyFromPoint(G1Point.generator()))
        .isInstanceOf(IllegalArgumentException.class);
    // a scheme made twice with the same ciphersuite is the same scheme
    BlsScheme custom = BlsScheme.basic(Variant.MIN_SIG, "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_");
    assertThat(custom).isEqualTo(BlsScheme.IC).hasSameHashCodeAs(BlsScheme.IC);
    assertThat(custom.verify(ic, MSG, BlsScheme.IC.sign(sk, MSG))).isTrue();
  }

  @Test
  void verify_rejectsIdentityKeyWrongMessageAndWrongVariant() {
    SecretKey sk = key(Seeds.random("verify"));
    Signature sig = BlsScheme.IC.sign(sk, MSG);
    PublicKey pk = BlsScheme.IC.publicKey(sk);
    assertThat(BlsScheme.IC.verify(pk, MSG, sig)).isTrue();
    assertThat(BlsScheme.IC.verify(pk, "other".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    PublicKey identity = BlsScheme.IC.publicKeyFromPoint(G2Point.identity());
    assertThat(identity.isValid()).isFalse();
    assertThat(BlsScheme.IC.verify(identity, MSG, Signature.ofG1(G1Point.identity()))).isFalse();
    // the same key bytes parsed for another DST do not verify; the IC key itself is refused
    assertThat(BlsScheme.IC_MULTI.verify(BlsScheme.IC_MULTI.publicKeyFromBytes(pk.toBytes()), MSG, sig)).isFalse();
    assertThatThrownBy(() -> BlsScheme.IC_MULTI.verify(pk, MSG, sig)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BlsScheme.ETH.verify(pk, MSG, sig)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void icMultiSignatures_popAndCombination() {
    SplittableRandom rnd = Seeds.random("multi");
    BlsScheme s = BlsScheme.IC_MULTI;
    List<PublicKey> keys = new ArrayList<>();
    List<Signature> sigs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      SecretKey k = key(rnd);
      PublicKey pk = s.publicKey(k);
      Signature pop = s.popProve(k);
      assertThat(s.popVerify(pk, pop)).isTrue();
      // a PoP is bound to its key and to the IC domain
      assertThat(BlsScheme.MIN_SIG_POP.popVerify(BlsScheme.MIN_SIG_POP.publicKeyFromBytes(pk.toBytes()), pop)).isFalse();
      keys.add(pk);
      sigs.add(s.sign(k, MSG));
    }
    assertThat(s.popVerify(keys.get(0), s.popProve(key(rnd)))).isFalse();
    Signature combined = s.aggregate(sigs);
    assertThat(s.fastAggregateVerify(keys, MSG, combined)).isTrue();
    assertThat(s.fastAggregateVerify(keys.subList(0, 4), MSG, combined)).isFalse();
    assertThat(s.fastAggregateVerify(List.of(), MSG, combined)).isFalse();
    assertThat(s.verify(s.aggregatePublicKeys(keys), MSG, combined)).isTrue();
    assertThatThrownBy(() -> BlsScheme.IC.fastAggregateVerify(keys, MSG, combined))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.aggregate(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aggregateVerify_basicSchemeNeedsDistinctMessages() {
    SplittableRandom rnd = Seeds.random("aggverify");
    List<PublicKey> keys = new ArrayList<>();
    List<byte[]> msgs = new ArrayList<>();
    List<Signature> sigs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      SecretKey k = key(rnd);
      byte[] m = ("m" + i).getBytes(StandardCharsets.UTF_8);
      keys.add(BlsScheme.IC.publicKey(k));
      msgs.add(m);
      sigs.add(BlsScheme.IC.sign(k, m));
    }
    Signature agg = BlsScheme.IC.aggregate(sigs);
    assertThat(BlsScheme.IC.aggregateVerify(keys, msgs, agg)).isTrue();
    List<byte[]> swapped = new ArrayList<>(msgs);
    swapped.set(0, msgs.get(1));
    swapped.set(1, msgs.get(0));
    assertThat(BlsScheme.IC.aggregateVerify(keys, swapped, agg)).isFalse();
    List<byte[]> dup = new ArrayList<>(msgs);
    dup.set(3, msgs.get(2));
    assertThat(BlsScheme.IC.aggregateVerify(keys, dup, agg)).isFalse();
  }

  @Test
  void batchVerify_acceptsValidBatchesAndRejectsAnyBadTriple() {
    SplittableRandom rnd = Seeds.random("batch");
    for (BlsScheme s : new BlsScheme[] {BlsScheme.IC, BlsScheme.ETH}) {
      List<PublicKey> keys = new ArrayList<>();
      List<byte[]> msgs = new ArrayList<>();
      List<Signature> sigs = new ArrayList<>();
      SecretKey shared = key(rnd);
      for (int i = 0; i < 9; i++) {
        SecretKey k = i % 3 == 0 ? shared : key(rnd); // some triples share a key
        byte[] m = ("batch " + i).getBytes(StandardCharsets.UTF_8);
        keys.add(s.publicKey(k));
        msgs.add(m);
        sigs.add(s.sign(k, m));
      }
      SecureRandom coins = new SecureRandom();
      assertThat(s.batchVerify(keys, msgs, sigs, coins)).isTrue();
      assertThat(s.batchVerify(List.of(), List.of(), List.of(), coins)).isTrue();
      // one wrong signature
      List<Signature> bad = new ArrayList<>(sigs);
      bad.set(4, sigs.get(5));
      assertThat(s.batchVerify(keys, msgs, bad, coins)).isFalse();
      // two signatures swapped: their sum is unchanged, the random coefficients catch it
      List<Signature> swapped = new ArrayList<>(sigs);
      swapped.set(1, sigs.get(2));
      swapped.set(2, sigs.get(1));
      assertThat(s.batchVerify(keys, msgs, swapped, coins)).isFalse();
      List<PublicKey> withIdentity = new ArrayList<>(keys);
      withIdentity.set(0, s.publicKeyFromPoint(s.variant() == Variant.MIN_SIG ? G2Point.identity() : G1Point.identity()));
      assertThat(s.batchVerify(withIdentity, msgs, sigs, coins)).isFalse();
    }
  }

  /** Many keys, one message (the shape of consensus shares): the message-grouped path. */
  @Test
  void batchVerify_manyKeysOneMessage() {
    SplittableRandom rnd = Seeds.random("batchOneMessage");
    for (BlsScheme s : new BlsScheme[] {BlsScheme.IC, BlsScheme.IC_MULTI, BlsScheme.ETH}) {
      List<PublicKey> keys = new ArrayList<>();
      List<byte[]> msgs = new ArrayList<>();
      List<Signature> sigs = new ArrayList<>();
      for (int i = 0; i < 13; i++) {
        SecretKey k = key(rnd);
        byte[] m = (i == 12 ? "another message" : "notarization content").getBytes(StandardCharsets.UTF_8);
        keys.add(s.publicKey(k));
        msgs.add(m);
        sigs.add(s.sign(k, m));
      }
      SecureRandom coins = new SecureRandom();
      assertThat(s.batchVerify(keys, msgs, sigs, coins)).as(s.toString()).isTrue();
      List<Signature> swapped = new ArrayList<>(sigs);
      swapped.set(3, sigs.get(4));
      swapped.set(4, sigs.get(3));
      assertThat(s.batchVerify(keys, msgs, swapped, coins)).as(s + " swapped").isFalse();
      List<byte[]> otherMsg = new ArrayList<>(msgs);
      otherMsg.set(12, msgs.get(0));
      assertThat(s.batchVerify(keys, otherMsg, sigs, coins)).as(s + " wrong message").isFalse();
      List<PublicKey> otherKey = new ArrayList<>(keys);
      otherKey.set(7, keys.get(8));
      assertThat(s.batchVerify(otherKey, msgs, sigs, coins)).as(s + " wrong key").isFalse();
    }
  }

  @Test
  void parsing_rejectsWrongLengthsAndIdentityRoundTrips() {
    assertThatThrownBy(() -> BlsScheme.IC.publicKeyFromBytes(new byte[48]))
        .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("96 bytes");
    assertThatThrownBy(() -> BlsScheme.ETH.signatureFromBytes(new byte[48]))
        .isInstanceOf(InvalidEncodingException.class);
    PublicKey id = BlsScheme.IC.publicKeyFromBytes(G2Point.identity().toBytes());
    assertThat(id.isValid()).isFalse();
    assertThat(id.toBytes()).isEqualTo(G2Point.identity().toBytes());
  }
}
