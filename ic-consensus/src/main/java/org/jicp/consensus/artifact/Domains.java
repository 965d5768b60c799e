package org.jicp.consensus.artifact;

import org.jicp.crypto.beacon.DomainSeparator;

/**
 * The IC's domain separators for consensus ({@code DomainSeparator} of dfinity/ic {@code
 * rs/types/types/src/crypto/hash/domain_separator.rs}). A {@code crypto_hash} of a value of a
 * type, or a signature on its content, starts with {@code byte(len) ‖ name} of that type's
 * separator ({@link DomainSeparator#prefix}). Every name here is checked against {@code
 * ic-domain-separators.json} or, for the two that file lacks, against the IC source
 * ({@code DomainsVectorTest}).
 */
public final class Domains {
  private Domains() {}

  /** crypto_hash of a block. */
  public static final String BLOCK = "block_domain";
  /**
   * crypto_hash of a block proposal in older IC versions ({@code _BlockProposal}, kept in the
   * IC's list but no longer used; see {@link #BLOCK_METADATA_PROPOSAL}).
   */
  public static final String BLOCK_PROPOSAL = "block_proposal_domain";
  /** crypto_hash of a block proposal ({@code Signed<HashedBlock, BasicSignature<BlockMetadata>>}). */
  public static final String BLOCK_METADATA_PROPOSAL = "block_metadata_proposal_domain";
  /** The signed metadata of a block proposal (height, rank, block hash). */
  public static final String BLOCK_METADATA = "block_metadata_domain";
  /** crypto_hash of a block's payload. */
  public static final String INMEMORY_PAYLOAD = "inmemory_payload_domain";
  /** Signed content of notarizations (multi-signature). */
  public static final String NOTARIZATION_CONTENT = DomainSeparator.NOTARIZATION_CONTENT;
  /** crypto_hash of a notarization. */
  public static final String NOTARIZATION = "notarization_domain";
  /** crypto_hash of a notarization share. */
  public static final String NOTARIZATION_SHARE = "notarization_share_domain";
  /** Signed content of finalizations (multi-signature). */
  public static final String FINALIZATION_CONTENT = DomainSeparator.FINALIZATION_CONTENT;
  /** crypto_hash of a finalization. */
  public static final String FINALIZATION = "finalization_domain";
  /** crypto_hash of a finalization share. */
  public static final String FINALIZATION_SHARE = "finalization_share_domain";
  /** Signed content of random beacons (threshold signature). */
  public static final String RANDOM_BEACON_CONTENT = DomainSeparator.RANDOM_BEACON_CONTENT;
  /** crypto_hash of a random beacon. */
  public static final String RANDOM_BEACON = DomainSeparator.RANDOM_BEACON;
  /** crypto_hash of a random beacon share. */
  public static final String RANDOM_BEACON_SHARE = DomainSeparator.RANDOM_BEACON_SHARE;
  /** Signed content of random tapes. */
  public static final String RANDOM_TAPE_CONTENT = DomainSeparator.RANDOM_TAPE_CONTENT;
  /** crypto_hash of a random tape. */
  public static final String RANDOM_TAPE = DomainSeparator.RANDOM_TAPE;
  /** crypto_hash of a random tape share. */
  public static final String RANDOM_TAPE_SHARE = DomainSeparator.RANDOM_TAPE_SHARE;
  /** Signed content of catch-up packages (high-threshold signature). */
  public static final String CATCH_UP_CONTENT = DomainSeparator.CATCH_UP_CONTENT;
  /** crypto_hash of the content a catch-up package share signs. */
  public static final String CATCH_UP_SHARE_CONTENT = "catch_up_share_content_domain";
  /** crypto_hash of a catch-up package. */
  public static final String CATCH_UP_PACKAGE = "catch_up_package_domain";
  /** crypto_hash of a catch-up package share. */
  public static final String CATCH_UP_PACKAGE_SHARE = "catch_up_package_share_domain";
  /** crypto_hash of an equivocation proof. */
  public static final String EQUIVOCATION_PROOF = "equivocation_proof_domain";
  /** Signed content of an NI-DKG dealing. */
  public static final String DEALING_CONTENT = DomainSeparator.DEALING_CONTENT_NON_INTERACTIVE;
  /** crypto_hash of a DKG message (a signed dealing). */
  public static final String DKG_MESSAGE = "dkg_message_non_interactive";
  /** Signed content of a state certification: {@code ic-state-root ‖ root hash}. */
  public static final String CERTIFICATION_CONTENT = DomainSeparator.STATE_ROOT;
  /** crypto_hash of a certification. */
  public static final String CERTIFICATION = "certification_domain";
  /** crypto_hash of a certification share. */
  public static final String CERTIFICATION_SHARE = "certification_share_domain";
  /** crypto_hash of a certification message (the artifact id). */
  public static final String CERTIFICATION_MESSAGE = "certification_message_domain";
  /** crypto_hash of a consensus message (the artifact id). */
  public static final String CONSENSUS_MESSAGE = "consensus_message_domain";

  /** {@code prefix(domain) ‖ content}: the bytes signed for content of that domain. */
  public static byte[] withDomain(String domain, byte[] content) {
    return DomainSeparator.withDomain(domain, content);
  }
}
