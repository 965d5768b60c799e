package org.jicp.crypto.nidkg.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.G2Prepared;

/**
 * The NI-DKG system parameters of {@code forward_secure.rs}: {@code f0, f1 … f32, f_h0 … f_h255,
 * h} in G2, each the RFC 9380 hash to G2 of its name ({@code "f0"}, {@code "f1"}, …, {@code
 * "f_h0"}, …, {@code "h"}) under the DST {@code DFX01-with-BLS12381G2_XMD:SHA-256_SSWU_RO_}.
 * Computed once (290 hashes to G2), on first use.
 */
public final class SysParams {
  /** The DST of the parameters. */
  public static final String DST = "DFX01-with-BLS12381G2_XMD:SHA-256_SSWU_RO_";

  /** f_0. */
  public final G2Point f0;
  /** f_1 … f_{λ_T}, at indices 0 … 31. */
  public final List<G2Point> f;
  /** The λ_H hash-indexed levels f_h0 … f_h255. */
  public final List<G2Point> fh;
  /** h. */
  public final G2Point h;
  /** h, prepared for pairings. */
  public final G2Prepared hPrepared;

  private SysParams() {
    byte[] dst = DST.getBytes(StandardCharsets.US_ASCII);
    // The 290 hashes are independent: spread them over the common pool (the first use is on a
    // replica's start-up path). The points do not depend on the order they are computed in.
    List<String> names = new ArrayList<>(1 + Params.LAMBDA_T + Params.LAMBDA_H + 1);
    names.add("f0");
    for (int i = 0; i < Params.LAMBDA_T; i++) {
      names.add("f" + (i + 1));
    }
    for (int i = 0; i < Params.LAMBDA_H; i++) {
      names.add("f_h" + i);
    }
    names.add("h");
    List<G2Point> all = names.parallelStream().map(n -> hash(n, dst)).toList();
    f0 = all.get(0);
    f = List.copyOf(all.subList(1, 1 + Params.LAMBDA_T));
    fh = List.copyOf(all.subList(1 + Params.LAMBDA_T, 1 + Params.LAMBDA_T + Params.LAMBDA_H));
    h = all.get(all.size() - 1);
    hPrepared = G2Prepared.of(h);
  }

  private static G2Point hash(String name, byte[] dst) {
    return G2Point.hashToCurve(name.getBytes(StandardCharsets.US_ASCII), dst);
  }

  private static final class Holder {
    static final SysParams INSTANCE = new SysParams();
  }

  /** The global parameters. */
  public static SysParams get() {
    return Holder.INSTANCE;
  }
}
