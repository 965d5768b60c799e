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
      assertThat(sk.scalar().toBigInteger()).isEqualTo(new BigInteger(c[1]));
    }
    assertThatThrownBy(() -> SecretKey.keyGen(new byte[31], new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secretKey_neverShowsItselfAndCanBeDestroyed() {
    SecretKey sk = key(Seeds.random("sk"));
    String hex = Bytes.hex(sk.toBytes());
    assertThat(sk.toString()).doesNotContain(hex).isEqualTo("SecretKey(***)");
    assertThat(sk.constantTimeEquals(SecretKey.fromBytes(sk.toBytes()))).isTrue();
    sk.destroy();
    assertThat(sk.isDestroyed()).isTrue();
    assertThatThrownBy(sk::toBytes).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> BlsScheme.IC.sign(sk, MSG)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SecretKey.fromBytes(new byte[32])).isInstanceOf(InvalidEncodingException.class)
        .hasMessageContaining("zero");
  }

  @Test
  void verify_rejectsIdentityKeyWrongMessageAndWrongVariant() {
    SecretKey sk = key(Seeds.random("verify"));
    Signature sig = BlsScheme.IC.sign(sk, MSG);
    PublicKey pk = BlsScheme.IC.publicKey(sk);
    assertThat(BlsScheme.IC.verify(pk, MSG, sig)).isTrue();
    assertThat(BlsScheme.IC.verify(pk, "other".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    PublicKey identity = PublicKey.ofG2(G2Point.identity());
    assertThat(identity.isValid()).isFalse();
    assertThat(BlsScheme.IC.verify(identity, MSG, Signature.ofG1(G1Point.identity()))).isFalse();
    // the same bytes under another DST do not verify
    assertThat(BlsScheme.IC_MULTI.verify(pk, MSG, sig)).isFalse();
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
      assertThat(BlsScheme.MIN_SIG_POP.popVerify(pk, pop)).isFalse();
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
      withIdentity.set(0, s.variant() == Variant.MIN_SIG ? PublicKey.ofG2(G2Point.identity()) : PublicKey.ofG1(G1Point.identity()));
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
