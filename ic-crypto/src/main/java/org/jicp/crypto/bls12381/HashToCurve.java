package org.jicp.crypto.bls12381;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * RFC 9380 hashing to BLS12-381: expand_message_xmd with SHA-256 (section 5.3.1, with the
 * oversize-DST rule of 5.3.3), hash_to_field (5.2), the simplified SWU map to the isogenous curves
 * (6.6.2) followed by the 11-isogeny (G1, appendix E.2) or 3-isogeny (G2, appendix E.3), and
 * cofactor clearing (section 7, appendix G.3). Suites BLS12381G1_XMD:SHA-256_SSWU_RO_ / _NU_ and
 * BLS12381G2_XMD:SHA-256_SSWU_RO_ / _NU_ (section 8.8).
 *
 * <p>The inputs are public (messages), so the map uses variable-time square roots and inversion.
 */
public final class HashToCurve {
  private static final int L = 64; // ceil((ceil(log2(p)) + k) / 8), k = 128
  private static final byte[] OVERSIZE_PREFIX = "H2C-OVERSIZE-DST-".getBytes(StandardCharsets.US_ASCII);

  // ---- G1: E1': y^2 = x^3 + A' x + B', Z = 11 (section 8.8.1)
  private static final long[] G1_A =
      FpOps.fromBig(
          new BigInteger(
              "144698a3b8e9433d693a02c96d4982b0ea985383ee66a8d8e8981aefd881ac98936f8da0e0f97f5cf428082d584c1d",
              16));
  private static final long[] G1_B =
      FpOps.fromBig(
          new BigInteger(
              "12e2908d11688030018b12e8753eee3b2016c1f0f24f4070a0b9c14fcef35ef55a23215a316ceaa5d1cc48e98e172be0",
              16));
  private static final long[] G1_Z = FpOps.fromBig(BigInteger.valueOf(11));

  // ---- G2: E2': y^2 = x^3 + 240 u x + 1012 (1 + u), Z = -(2 + u) (section 8.8.2)
  private static final long[] G2_A = Fp2Ops.of(BigInteger.ZERO, BigInteger.valueOf(240));
  private static final long[] G2_B = Fp2Ops.of(BigInteger.valueOf(1012), BigInteger.valueOf(1012));
  private static final long[] G2_Z = Fp2Ops.of(BigInteger.valueOf(-2), BigInteger.valueOf(-1));

  // ---- 11-isogeny E1' -> E1 (appendix E.2): x_num, x_den (monic, degree 10), y_num, y_den (monic, degree 15)
  private static final String[] K1 = {
    "11a05f2b1e833340b809101dd99815856b303e88a2d7005ff2627b56cdb4e2c85610c2d5f2e62d6eaeac1662734649b7",
    "17294ed3e943ab2f0588bab22147a81c7c17e75b2f6a8417f565e33c70d1e86b4838f2a6f318c356e834eef1b3cb83bb",
    "d54005db97678ec1d1048c5d10a9a1bce032473295983e56878e501ec68e25c958c3e3d2a09729fe0179f9dac9edcb0",
    "1778e7166fcc6db74e0609d307e55412d7f5e4656a8dbf25f1b33289f1b330835336e25ce3107193c5b388641d9b6861",
    "e99726a3199f4436642b4b3e4118e5499db995a1257fb3f086eeb65982fac18985a286f301e77c451154ce9ac8895d9",
    "1630c3250d7313ff01d1201bf7a74ab5db3cb17dd952799b9ed3ab9097e68f90a0870d2dcae73d19cd13c1c66f652983",
    "d6ed6553fe44d296a3726c38ae652bfb11586264f0f8ce19008e218f9c86b2a8da25128c1052ecaddd7f225a139ed84",
    "17b81e7701abdbe2e8743884d1117e53356de5ab275b4db1a682c62ef0f2753339b7c8f8c8f475af9ccb5618e3f0c88e",
    "80d3cf1f9a78fc47b90b33563be990dc43b756ce79f5574a2c596c928c5d1de4fa295f296b74e956d71986a8497e317",
    "169b1f8e1bcfa7c42e0c37515d138f22dd2ecb803a0c5c99676314baf4bb1b7fa3190b2edc0327797f241067be390c9e",
    "10321da079ce07e272d8ec09d2565b0dfa7dccdde6787f96d50af36003b14866f69b771f8c285decca67df3f1605fb7b",
    "6e08c248e260e70bd1e962381edee3d31d79d7e22c837bc23c0bf1bc24c6b68c24b1b80b64d391fa9c8ba2e8ba2d229",
  };
  private static final String[] K2 = {
    "8ca8d548cff19ae18b2e62f4bd3fa6f01d5ef4ba35b48ba9c9588617fc8ac62b558d681be343df8993cf9fa40d21b1c",
    "12561a5deb559c4348b4711298e536367041e8ca0cf0800c0126c2588c48bf5713daa8846cb026e9e5c8276ec82b3bff",
    "b2962fe57a3225e8137e629bff2991f6f89416f5a718cd1fca64e00b11aceacd6a3d0967c94fedcfcc239ba5cb83e19",
    "3425581a58ae2fec83aafef7c40eb545b08243f16b1655154cca8abc28d6fd04976d5243eecf5c4130de8938dc62cd8",
    "13a8e162022914a80a6f1d5f43e7a07dffdfc759a12062bb8d6b44e833b306da9bd29ba81f35781d539d395b3532a21e",
    "e7355f8e4e667b955390f7f0506c6e9395735e9ce9cad4d0a43bcef24b8982f7400d24bc4228f11c02df9a29f6304a5",
    "772caacf16936190f3e0c63e0596721570f5799af53a1894e2e073062aede9cea73b3538f0de06cec2574496ee84a3a",
    "14a7ac2a9d64a8b230b3f5b074cf01996e7f63c21bca68a81996e1cdf9822c580fa5b9489d11e2d311f7d99bbdcc5a5e",
    "a10ecf6ada54f825e920b3dafc7a3cce07f8d1d7161366b74100da67f39883503826692abba43704776ec3a79a1d641",
    "95fc13ab9e92ad4476d6e3eb3a56680f682b4ee96f7d03776df533978f31c1593174e4b4b7865002d6384d168ecdd0a",
  };
  private static final String[] K3 = {
    "90d97c81ba24ee0259d1f094980dcfa11ad138e48a869522b52af6c956543d3cd0c7aee9b3ba3c2be9845719707bb33",
    "134996a104ee5811d51036d776fb46831223e96c254f383d0f906343eb67ad34d6c56711962fa8bfe097e75a2e41c696",
    "cc786baa966e66f4a384c86a3b49942552e2d658a31ce2c344be4b91400da7d26d521628b00523b8dfe240c72de1f6",
    "1f86376e8981c217898751ad8746757d42aa7b90eeb791c09e4a3ec03251cf9de405aba9ec61deca6355c77b0e5f4cb",
    "8cc03fdefe0ff135caf4fe2a21529c4195536fbe3ce50b879833fd221351adc2ee7f8dc099040a841b6daecf2e8fedb",
    "16603fca40634b6a2211e11db8f0a6a074a7d0d4afadb7bd76505c3d3ad5544e203f6326c95a807299b23ab13633a5f0",
    "4ab0b9bcfac1bbcb2c977d027796b3ce75bb8ca2be184cb5231413c4d634f3747a87ac2460f415ec961f8855fe9d6f2",
    "987c8d5333ab86fde9926bd2ca6c674170a05bfe3bdd81ffd038da6c26c842642f64550fedfe935a15e4ca31870fb29",
    "9fc4018bd96684be88c9e221e4da1bb8f3abd16679dc26c1e8b6e6a1f20cabe69d65201c78607a360370e577bdba587",
    "e1bba7a1186bdb5223abde7ada14a23c42a0ca7915af6fe06985e7ed1e4d43b9b3f7055dd4eba6f2bafaaebca731c30",
    "19713e47937cd1be0dfd0b8f1d43fb93cd2fcbcb6caf493fd1183e416389e61031bf3a5cce3fbafce813711ad011c132",
    "18b46a908f36f6deb918c143fed2edcc523559b8aaf0c2462e6bfe7f911f643249d9cdf41b44d606ce07c8a4d0074d8e",
    "b182cac101b9399d155096004f53f447aa7b12a3426b08ec02710e807b4633f06c851c1919211f20d4c04f00b971ef8",
    "245a394ad1eca9b72fc00ae7be315dc757b3b080d4c158013e6632d3c40659cc6cf90ad1c232a6442d9d3f5db980133",
    "5c129645e44cf1102a159f748c4a3fc5e673d81d7e86568d9ab0f5d396a7ce46ba1049b6579afb7866b1e715475224b",
    "15e6be4e990f03ce4ea50b3b42df2eb5cb181d8f84965a3957add4fa95af01b2b665027efec01c7704b456be69c8b604",
  };
  private static final String[] K4 = {
    "16112c4c3a9c98b252181140fad0eae9601a6de578980be6eec3232b5be72e7a07f3688ef60c206d01479253b03663c1",
    "1962d75c2381201e1a0cbd6c43c348b885c84ff731c4d59ca4a10356f453e01f78a4260763529e3532f6102c2e49a03d",
    "58df3306640da276faaae7d6e8eb15778c4855551ae7f310c35a5dd279cd2eca6757cd636f96f891e2538b53dbf67f2",
    "16b7d288798e5395f20d23bf89edb4d1d115c5dbddbcd30e123da489e726af41727364f2c28297ada8d26d98445f5416",
    "be0e079545f43e4b00cc912f8228ddcc6d19c9f0f69bbb0542eda0fc9dec916a20b15dc0fd2ededda39142311a5001d",
    "8d9e5297186db2d9fb266eaac783182b70152c65550d881c5ecd87b6f0f5a6449f38db9dfa9cce202c6477faaf9b7ac",
    "166007c08a99db2fc3ba8734ace9824b5eecfdfa8d0cf8ef5dd365bc400a0051d5fa9c01a58b1fb93d1a1399126a775c",
    "16a3ef08be3ea7ea03bcddfabba6ff6ee5a4375efa1f4fd7feb34fd206357132b920f5b00801dee460ee415a15812ed9",
    "1866c8ed336c61231a1be54fd1d74cc4f9fb0ce4c6af5920abc5750c4bf39b4852cfe2f7bb9248836b233d9d55535d4a",
    "167a55cda70a6e1cea820597d94a84903216f763e13d87bb5308592e7ea7d4fbc7385ea3d529b35e346ef48bb8913f55",
    "4d2f259eea405bd48f010a01ad2911d9c6dd039bb61a6290e591b36e636a5c871a5c29f4f83060400f8b49cba8f6aa8",
    "accbb67481d033ff5852c1e48c50c477f94ff8aefce42d28c0f9a88cea7913516f968986f7ebbea9684b529e2561092",
    "ad6b9514c767fe3c3613144b45f1496543346d98adf02267d5ceef9a00d9b8693000763e3b90ac11e99b138573345cc",
    "2660400eb2e4f3b628bdd0d53cd76f2bf565b94e72927c1cb748df27942480e420517bd8714cc80d1fadc1326ed06f7",
    "e0fa1d816ddc03e6b24255e0d7819c171c40f65e273b853324efcd6356caa205ca2f570f13497804415473a1d634b8f",
  };

  private static final long[][] G1_ISO = {
    fpConstants(K1), fpConstants(K2, "1"), fpConstants(K3), fpConstants(K4, "1")
  };

  // ---- 3-isogeny E2' -> E2 (appendix E.3), Fp2 constants as {c0, c1}
  private static final String C1 =
      "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6";
  private static final String C2 =
      "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71a";
  private static final String C3 =
      "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71e";
  private static final String C4 =
      "8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38d";
  private static final String C5 =
      "171d6541fa38ccfaed6dea691f5fb614cb14b4e7f4e810aa22d6108f142b85757098e38d0f671c7188e2aaaaaaaa5ed1";
  private static final String C6 =
      "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa63";
  private static final String C7 =
      "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa9f";
  private static final String C8 =
      "1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706";
  private static final String C9 =
      "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97be";
  private static final String C10 =
      "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71c";
  private static final String C11 =
      "8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38f";
  private static final String C12 =
      "124c9ad43b6cf79bfbf7043de3811ad0761b0f37a1e26286b0e977c69aa274524e79097a56dc4bd9e1b371c71c718b10";
  private static final String C13 =
      "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa8fb";
  private static final String C14 =
      "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa9d3";
  private static final String C15 =
      "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa99";

  private static final long[][] G2_ISO = {
    fp2Constants(C1, C1, "0", C2, C3, C4, C5, "0"),
    fp2Constants("0", C6, "c", C7, "1", "0"),
    fp2Constants(C8, C8, "0", C9, C10, C11, C12, "0"),
    fp2Constants(C13, C13, "0", C14, "12", C15, "1", "0")
  };

  private HashToCurve() {}

  private static long[] fpConstants(String[] hex, String... leading) {
    int n = hex.length + leading.length;
    long[] r = new long[n * FpOps.N];
    for (int i = 0; i < hex.length; i++) {
      FpOps.fromBig(r, i * FpOps.N, new BigInteger(hex[i], 16));
    }
    for (int i = 0; i < leading.length; i++) {
      FpOps.fromBig(r, (hex.length + i) * FpOps.N, new BigInteger(leading[i], 16));
    }
    return r;
  }

  /** Fp2 coefficients, lowest degree first, given as alternating c0, c1 hex strings. */
  private static long[] fp2Constants(String... parts) {
    long[] r = new long[parts.length / 2 * Fp2Ops.N];
    for (int i = 0; i < parts.length; i++) {
      FpOps.fromBig(r, i * FpOps.N, new BigInteger(parts[i], 16));
    }
    return r;
  }

  // ------------------------------------------------------------------------------------------
  // expand_message_xmd and hash_to_field

  /**
   * RFC 9380 section 5.3.1 expand_message_xmd with SHA-256; a DST longer than 255 bytes is first
   * replaced by SHA-256("H2C-OVERSIZE-DST-" || DST) (section 5.3.3).
   *
   * @throws IllegalArgumentException if lenInBytes is not in [1, 65535] or needs more than 255
   *     SHA-256 blocks
   */
  public static byte[] expandMessageXmd(byte[] msg, byte[] dst, int lenInBytes) {
    Objects.requireNonNull(msg, "msg");
    Objects.requireNonNull(dst, "dst");
    MessageDigest h = sha256();
    if (dst.length > 255) {
      h.update(OVERSIZE_PREFIX);
      dst = h.digest(dst);
    }
    int ell = (lenInBytes + 31) / 32;
    if (lenInBytes <= 0 || ell > 255 || lenInBytes > 65535) {
      throw new IllegalArgumentException("expand_message_xmd: invalid output length " + lenInBytes);
    }
    byte[] dstPrime = new byte[dst.length + 1];
    System.arraycopy(dst, 0, dstPrime, 0, dst.length);
    dstPrime[dst.length] = (byte) dst.length;
    h.update(new byte[64]); // Z_pad, r_in_bytes = 64
    h.update(msg);
    h.update(new byte[] {(byte) (lenInBytes >>> 8), (byte) lenInBytes, 0});
    h.update(dstPrime);
    byte[] b0 = h.digest();
    byte[] out = new byte[ell * 32];
    byte[] prev = new byte[32];
    for (int i = 1; i <= ell; i++) {
      byte[] in = new byte[32];
      for (int j = 0; j < 32; j++) {
        in[j] = (byte) (b0[j] ^ (i == 1 ? 0 : prev[j]));
      }
      h.update(in);
      h.update((byte) i);
      h.update(dstPrime);
      prev = h.digest();
      System.arraycopy(prev, 0, out, (i - 1) * 32, 32);
    }
    byte[] r = new byte[lenInBytes];
    System.arraycopy(out, 0, r, 0, lenInBytes);
    return r;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** RFC 9380 hash_to_field for Fp: count elements, written consecutively into r. */
  static void hashToFieldFp(long[] r, byte[] msg, byte[] dst, int count) {
    byte[] u = expandMessageXmd(msg, dst, count * L);
    for (int i = 0; i < count; i++) {
      FpOps.fromBig(r, i * FpOps.N, new BigInteger(1, java.util.Arrays.copyOfRange(u, i * L, (i + 1) * L)));
    }
  }

  /** RFC 9380 hash_to_field for Fp2 (m = 2): count elements, written consecutively into r. */
  static void hashToFieldFp2(long[] r, byte[] msg, byte[] dst, int count) {
    byte[] u = expandMessageXmd(msg, dst, count * 2 * L);
    for (int i = 0; i < 2 * count; i++) {
      FpOps.fromBig(r, i * FpOps.N, new BigInteger(1, java.util.Arrays.copyOfRange(u, i * L, (i + 1) * L)));
    }
  }

  /** hash_to_field into Fp: the u values of the G1 suites (for tests and other protocols). */
  public static BigInteger[] hashToFieldFp(byte[] msg, byte[] dst, int count) {
    long[] r = new long[count * FpOps.N];
    hashToFieldFp(r, msg, dst, count);
    BigInteger[] out = new BigInteger[count];
    for (int i = 0; i < count; i++) {
      out[i] = FpOps.toBig(r, i * FpOps.N);
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // G1

  static long[] hashToG1(byte[] msg, byte[] dst) {
    long[] u = new long[2 * FpOps.N];
    hashToFieldFp(u, msg, dst, 2);
    Curve c = Curve.G1;
    long[] q0 = mapToG1(u, 0);
    long[] q1 = mapToG1(u, FpOps.N);
    c.add(q0, 0, q0, 0, q1, 0);
    Group.G1.clearCofactor(q0, 0, q0, 0);
    return q0;
  }

  static long[] encodeToG1(byte[] msg, byte[] dst) {
    long[] u = new long[FpOps.N];
    hashToFieldFp(u, msg, dst, 1);
    long[] q = mapToG1(u, 0);
    Group.G1.clearCofactor(q, 0, q, 0);
    return q;
  }

  /** The textbook SSWU map for G1 (section 6.6.2, affine, with inversions): a cross-check for tests. */
  static long[] mapToG1Reference(long[] u, int uo) {
    long[] xy = new long[2 * FpOps.N];
    sswu(Field.FP, G1_A, G1_B, G1_Z, u, uo, xy);
    return isogeny(Field.FP, G1_ISO, xy);
  }

  /** sqrt(-Z) for the G1 SSWU curve (c2 of RFC 9380 F.2.1.2). */
  private static final long[] G1_SQRT_MINUS_Z = g1SqrtMinusZ();

  private static long[] g1SqrtMinusZ() {
    long[] r = new long[FpOps.N];
    long[] minusZ = new long[FpOps.N];
    FpArith.neg(minusZ, 0, G1_Z, 0);
    if (!FpOps.sqrt(r, 0, minusZ, 0)) {
      throw new IllegalStateException("-Z must be a square for the G1 SSWU map");
    }
    return r;
  }

  /**
   * map_to_curve for G1: the straight-line simplified SWU of RFC 9380 appendix F.2 with
   * sqrt_ratio for q = 3 mod 4 (F.2.1.2: a single exponentiation, no inversion), its x kept as a
   * fraction xn / xd, then the 11-isogeny evaluated on the fraction (homogeneous Horner), so the
   * whole map needs no inversion. Returns a projective point of E1.
   */
  static long[] mapToG1(long[] u, int uo) {
    final int n = FpOps.N;
    long[] t = new long[14 * n];
    final int tv1 = 0;
    final int tv2 = n;
    final int tv3 = 2 * n;
    final int tv4 = 3 * n;
    final int tv5 = 4 * n;
    final int tv6 = 5 * n;
    final int x = 6 * n;
    final int y = 7 * n;
    final int y1 = 8 * n;
    final int s1 = 9 * n;
    final int s2 = 10 * n;
    final int s3 = 11 * n;
    final int y2 = 12 * n;
    final int tmp = 13 * n;
    FpArith.sqr(t, tv1, u, uo); // 1. tv1 = u^2
    FpArith.mul(t, tv1, t, tv1, G1_Z, 0); // 2. tv1 = Z tv1
    FpArith.sqr(t, tv2, t, tv1); // 3. tv2 = tv1^2
    FpArith.add(t, tv2, t, tv2, t, tv1); // 4. tv2 = tv2 + tv1
    FpArith.add(t, tv3, t, tv2, FpOps.ONE, 0); // 5. tv3 = tv2 + 1
    FpArith.mul(t, tv3, t, tv3, G1_B, 0); // 6. tv3 = B tv3
    long nonZero = ~FpOps.isZeroMask(t, tv2); // 7. tv4 = CMOV(Z, -tv2, tv2 != 0)
    FpArith.neg(t, tmp, t, tv2);
    FpOps.select(t, tv4, G1_Z, 0, t, tmp, nonZero);
    FpArith.mul(t, tv4, t, tv4, G1_A, 0); // 8. tv4 = A tv4
    FpArith.sqr(t, tv2, t, tv3); // 9. tv2 = tv3^2
    FpArith.sqr(t, tv6, t, tv4); // 10. tv6 = tv4^2
    FpArith.mul(t, tv5, t, tv6, G1_A, 0); // 11. tv5 = A tv6
    FpArith.add(t, tv2, t, tv2, t, tv5); // 12. tv2 = tv2 + tv5
    FpArith.mul(t, tv2, t, tv2, t, tv3); // 13. tv2 = tv2 tv3
    FpArith.mul(t, tv6, t, tv6, t, tv4); // 14. tv6 = tv6 tv4
    FpArith.mul(t, tv5, t, tv6, G1_B, 0); // 15. tv5 = B tv6
    FpArith.add(t, tv2, t, tv2, t, tv5); // 16. tv2 = tv2 + tv5
    FpArith.mul(t, x, t, tv1, t, tv3); // 17. x = tv1 tv3
    // 18. (is_gx1_square, y1) = sqrt_ratio(tv2, tv6), q = 3 mod 4 (F.2.1.2)
    FpArith.sqr(t, s1, t, tv6); // tv1' = v^2
    FpArith.mul(t, s2, t, tv2, t, tv6); // tv2' = u v
    FpArith.mul(t, s1, t, s1, t, s2); // tv1' = tv1' tv2'
    FpOps.powSqrtRatio(t, y1, t, s1); // y1 = tv1'^c1
    FpArith.mul(t, y1, t, y1, t, s2); // y1 = y1 tv2'
    FpArith.mul(t, y2, t, y1, G1_SQRT_MINUS_Z, 0); // y2 = y1 c2
    FpArith.sqr(t, s3, t, y1);
    FpArith.mul(t, s3, t, s3, t, tv6); // tv3' = y1^2 v
    boolean isQr = FpOps.eq(t, s3, t, tv2); // isQR = tv3' == u
    long qr = isQr ? -1L : 0L;
    FpOps.select(t, y1, t, y2, t, y1, qr);
    FpArith.mul(t, y, t, tv1, u, uo); // 19. y = tv1 u
    FpArith.mul(t, y, t, y, t, y1); // 20. y = y y1
    FpOps.select(t, x, t, x, t, tv3, qr); // 21. x = CMOV(x, tv3, is_gx1_square)
    FpOps.select(t, y, t, y, t, y1, qr); // 22. y = CMOV(y, y1, is_gx1_square)
    long sameSign = FpOps.sgn0(u, uo) == FpOps.sgn0(t, y) ? -1L : 0L; // 23. e1
    FpArith.neg(t, tmp, t, y);
    FpOps.select(t, y, t, tmp, t, y, sameSign); // 24. y = CMOV(-y, y, e1)
    // 25. x = x / tv4 is left as the fraction x / tv4 for the isogeny.
    return isogenyFraction(G1_ISO, t, x, tv4, t, y);
  }

  /**
   * The 11-isogeny at x' = xn / xd, y': with XN, XD, YN, YD the homogenized polynomials (degrees
   * 11, 10, 15, 15), x = XN / (xd XD) and y = y' YN / YD, returned as (XN YD : y' YN xd XD : xd XD
   * YD).
   */
  private static long[] isogenyFraction(long[][] k, long[] a, int xn, int xd, long[] b, int yo) {
    final int n = FpOps.N;
    int maxDeg = 0;
    for (long[] poly : k) {
      maxDeg = Math.max(maxDeg, poly.length / n - 1);
    }
    long[] pow = new long[(maxDeg + 1) * n]; // xd^0 .. xd^maxDeg
    FpOps.copy(pow, 0, FpOps.ONE, 0);
    FpOps.copy(pow, n, a, xd);
    for (int i = 2; i <= maxDeg; i++) {
      FpArith.mul(pow, i * n, pow, (i - 1) * n, a, xd);
    }
    long[][] v = new long[4][];
    long[] term = new long[n];
    for (int j = 0; j < 4; j++) {
      long[] c = k[j];
      int deg = c.length / n - 1;
      long[] acc = new long[n];
      FpOps.copy(acc, 0, c, deg * n);
      for (int i = deg - 1; i >= 0; i--) {
        FpArith.mul(acc, 0, acc, 0, a, xn);
        FpArith.mul(term, 0, c, i * n, pow, (deg - i) * n);
        FpArith.add(acc, 0, acc, 0, term, 0);
      }
      v[j] = acc;
    }
    long[] p = new long[3 * n];
    FpArith.mul(p, 0, v[0], 0, v[3], 0); // XN YD
    FpArith.mul(term, 0, a, xd, v[1], 0); // xd XD
    FpArith.mul(p, n, v[2], 0, term, 0);
    FpArith.mul(p, n, p, n, b, yo); // y' YN xd XD
    FpArith.mul(p, 2 * n, term, 0, v[3], 0); // xd XD YD
    if (FpOps.isZero(p, 2 * n)) {
      Curve.G1.setIdentity(p, 0);
    }
    return p;
  }

  // ------------------------------------------------------------------------------------------
  // G2

  static long[] hashToG2(byte[] msg, byte[] dst) {
    long[] u = new long[2 * Fp2Ops.N];
    hashToFieldFp2(u, msg, dst, 2);
    Curve c = Curve.G2;
    long[] q0 = mapToG2(u, 0);
    long[] q1 = mapToG2(u, Fp2Ops.N);
    c.add(q0, 0, q0, 0, q1, 0);
    Group.G2.clearCofactor(q0, 0, q0, 0);
    return q0;
  }

  static long[] encodeToG2(byte[] msg, byte[] dst) {
    long[] u = new long[Fp2Ops.N];
    hashToFieldFp2(u, msg, dst, 1);
    long[] q = mapToG2(u, 0);
    Group.G2.clearCofactor(q, 0, q, 0);
    return q;
  }

  static long[] mapToG2(long[] u, int uo) {
    long[] xy = new long[2 * Fp2Ops.N];
    sswu(Field.FP2, G2_A, G2_B, G2_Z, u, uo, xy);
    return isogeny(Field.FP2, G2_ISO, xy);
  }

  // ------------------------------------------------------------------------------------------
  // The simplified SWU map (RFC 9380 section 6.6.2) and the isogeny evaluation

  /**
   * Writes the affine point (x, y) of E': y^2 = x^3 + A x + B that SSWU maps u to.
   *
   * <p>tv1 = inv0(Z^2 u^4 + Z u^2); x1 = (-B / A)(1 + tv1), or B / (Z A) when tv1 = 0; x2 = Z u^2
   * x1; x = x1 if g(x1) is square, else x2; y = sqrt(g(x)) with sgn0(y) = sgn0(u).
   */
  /** -B / A and B / (Z A) of the two SSWU curves, computed once. */
  private static final long[][] G1_SSWU = sswuConstants(Field.FP, G1_A, G1_B, G1_Z);

  private static final long[][] G2_SSWU = sswuConstants(Field.FP2, G2_A, G2_B, G2_Z);

  private static long[][] sswuConstants(Field f, long[] a, long[] b, long[] z) {
    long[] minusBOverA = new long[f.n];
    f.inv(minusBOverA, 0, a, 0);
    f.mul(minusBOverA, 0, minusBOverA, 0, b, 0);
    f.neg(minusBOverA, 0, minusBOverA, 0);
    long[] bOverZa = new long[f.n];
    f.mul(bOverZa, 0, z, 0, a, 0);
    f.inv(bOverZa, 0, bOverZa, 0);
    f.mul(bOverZa, 0, bOverZa, 0, b, 0);
    return new long[][] {minusBOverA, bOverZa};
  }

  private static void sswu(Field f, long[] a, long[] b, long[] z, long[] u, int uo, long[] out) {
    long[][] k = f == Field.FP ? G1_SSWU : G2_SSWU;
    int n = f.n;
    long[] zu2 = new long[n];
    f.sqr(zu2, 0, u, uo);
    f.mul(zu2, 0, zu2, 0, z, 0); // Z u^2
    long[] tv1 = new long[n];
    f.sqr(tv1, 0, zu2, 0);
    f.add(tv1, 0, tv1, 0, zu2, 0); // Z^2 u^4 + Z u^2
    long[] x1 = new long[n];
    if (f.isZero(tv1, 0)) {
      f.copy(x1, 0, k[1], 0); // x1 = B / (Z A)
    } else {
      f.invVartime(tv1, 0, tv1, 0);
      f.add(tv1, 0, tv1, 0, f.one, 0); // 1 + tv1
      f.mul(x1, 0, k[0], 0, tv1, 0); // (-B / A)(1 + tv1)
    }
    long[] gx = new long[n];
    curveRhs(f, a, b, x1, gx);
    long[] y = new long[n];
    long[] x = x1;
    if (!sqrtIn(f, y, gx)) {
      long[] x2 = new long[n];
      f.mul(x2, 0, zu2, 0, x1, 0);
      curveRhs(f, a, b, x2, gx);
      if (!sqrtIn(f, y, gx)) {
        throw new IllegalStateException("SSWU: neither g(x1) nor g(x2) is square");
      }
      x = x2;
    }
    if (sgn0(f, u, uo) != sgn0(f, y, 0)) {
      f.neg(y, 0, y, 0);
    }
    f.copy(out, 0, x, 0);
    f.copy(out, n, y, 0);
  }

  private static boolean sqrtIn(Field f, long[] r, long[] a) {
    return f == Field.FP ? FpOps.sqrt(r, 0, a, 0) : Fp2Ops.sqrt(r, 0, a, 0);
  }

  private static int sgn0(Field f, long[] a, int ao) {
    return f == Field.FP ? FpOps.sgn0(a, ao) : Fp2Ops.sgn0(a, ao);
  }

  /** gx = x^3 + A x + B. */
  private static void curveRhs(Field f, long[] a, long[] b, long[] x, long[] gx) {
    f.sqr(gx, 0, x, 0);
    f.add(gx, 0, gx, 0, a, 0);
    f.mul(gx, 0, gx, 0, x, 0);
    f.add(gx, 0, gx, 0, b, 0);
  }

  /**
   * Evaluates the isogeny (x', y') -> (x_num / x_den, y' y_num / y_den) and returns the point in
   * projective coordinates (x_num y_den : y' y_num x_den : x_den y_den), which needs no inversion.
   */
  private static long[] isogeny(Field f, long[][] k, long[] xy) {
    int n = f.n;
    long[] xn = horner(f, k[0], xy);
    long[] xd = horner(f, k[1], xy);
    long[] yn = horner(f, k[2], xy);
    long[] yd = horner(f, k[3], xy);
    long[] p = new long[3 * n];
    f.mul(p, 0, xn, 0, yd, 0);
    f.mul(p, n, yn, 0, xd, 0);
    f.mul(p, n, p, n, xy, n);
    f.mul(p, 2 * n, xd, 0, yd, 0);
    if (f.isZero(p, 2 * n)) {
      // The isogeny maps its kernel to the identity.
      Curve c = f == Field.FP ? Curve.G1 : Curve.G2;
      c.setIdentity(p, 0);
    }
    return p;
  }

  /** Horner evaluation of a polynomial (coefficients lowest degree first) at x = xy[0]. */
  private static long[] horner(Field f, long[] coeffs, long[] xy) {
    int n = f.n;
    int deg = coeffs.length / n - 1;
    long[] acc = new long[n];
    f.copy(acc, 0, coeffs, deg * n);
    for (int i = deg - 1; i >= 0; i--) {
      f.mul(acc, 0, acc, 0, xy, 0);
      f.add(acc, 0, acc, 0, coeffs, i * n);
    }
    return acc;
  }
}
