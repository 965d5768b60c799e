package org.jicp.nns.ledger;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.jicp.candid.CandidValue;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;

/** The Candid types of ICRC-3 ({@code dfinity/ICRC-1}, {@code standards/ICRC-3/README.md}). */
public final class Icrc3 {
  private Icrc3() {}

  /** One range of {@code GetBlocksArgs}: {@code record { start : nat; length : nat }}. */
  public record BlockRange(BigInteger start, BigInteger length) {}

  /** A block with its index: {@code record { id : nat; block : Value }}. */
  public record BlockWithId(BigInteger id, Icrc3Value block) {}

  /**
   * {@code GetBlocksResult}. This ledger keeps every block itself (no archive canisters), so {@code
   * archived_blocks} is always empty; it is typed {@code vec empty}, a subtype of the standard's
   * {@code vec record { args : GetBlocksArgs; callback : func … }}.
   */
  public record GetBlocksResult(
      @CandidName("log_length") BigInteger logLength,
      List<BlockWithId> blocks,
      @CandidName("archived_blocks") @CandidAs("vec empty") List<CandidValue> archivedBlocks) {}

  /** {@code record { canister_id : principal; start : nat; end : nat }}. */
  public record ArchiveInfo(
      @CandidName("canister_id") Principal canisterId, BigInteger start, BigInteger end) {}

  /** {@code DataCertificate}: {@code record { certificate : blob; hash_tree : blob }}. */
  public record DataCertificate(Bytes certificate, @CandidName("hash_tree") Bytes hashTree) {}

  /** {@code record { block_type : text; url : text }}. */
  public record SupportedBlockType(@CandidName("block_type") String blockType, String url) {}

  /** {@code icrc3_get_archives}'s argument: {@code record { from : opt principal }}. */
  public record GetArchivesArgs(Optional<Principal> from) {}
}
