package org.jicp.consensus.pool;

import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.artifact.DkgSummary;
import org.jicp.consensus.artifact.HashedBlock;
import org.jicp.consensus.artifact.RandomBeacon;
import org.jicp.consensus.artifact.RandomTape;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.types.Height;

/**
 * A read-only view of one node's artifact pool, with the derived facts the components ask about
 * ({@code PoolReader} of the IC). The latest validated catch-up package is the root: below its
 * height nothing is needed, and at its height its block counts as notarized and finalized and its
 * beacon as the beacon.
 */
public interface PoolReader {
  /** The validated section. */
  PoolSection validated();

  /** The unvalidated section. */
  PoolSection unvalidated();

  /** The latest validated catch-up package (the genesis one at first). */
  CatchUpPackage catchUpPackage();

  /** The height of {@link #catchUpPackage()}. */
  default Height catchUpHeight() {
    return catchUpPackage().height();
  }

  /** The highest height with a finalized block. */
  Height finalizedHeight();

  /** The highest height with a notarized block. */
  Height notarizedHeight();

  /** The height of the latest random beacon. */
  Height beaconHeight();

  /** The random beacon of {@code h}, if the pool has it. */
  Optional<RandomBeacon> randomBeacon(Height h);

  /** {@code crypto_hash} of a beacon (memoized: beacons are hashed for every next beacon share). */
  CryptoHash beaconHash(RandomBeacon beacon);

  /** The random tape of {@code h}, if the pool has it. */
  Optional<RandomTape> randomTape(Height h);

  /** The validated block with hash {@code hash} (at {@code h}), if any. */
  Optional<HashedBlock> block(CryptoHash hash, Height h);

  /** The notarized blocks at {@code h} (validated block and validated notarization). */
  List<HashedBlock> notarizedBlocks(Height h);

  /** The finalized block at {@code h} (between the catch-up height and the finalized height). */
  Optional<HashedBlock> finalizedBlock(Height h);

  /** When this node entered round {@code h}: it held a notarized block and the beacon of h−1. */
  Optional<Time> roundStart(Height h);

  /** When the block with {@code hash} entered the validated section. */
  Optional<Time> blockValidatedAt(CryptoHash hash);

  /** The DKG summaries of finalized summary blocks (and of the catch-up package), by height. */
  NavigableMap<Long, DkgSummary> finalizedSummaries();
}
