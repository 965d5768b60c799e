package org.jicp.nns;

import org.jicp.candid.mapping.CandidMapper;
import org.jicp.types.SubnetType;

/**
 * The Candid mapper of the NNS canisters: the standard mapping, with {@link SubnetType} labelled
 * by its registry text ({@code application}, {@code system}, {@code verified_application}, {@code
 * cloud_engine}), as the mainnet interfaces write it.
 */
public final class NnsCandid {
  /** The mapper. */
  public static final CandidMapper MAPPER =
      CandidMapper.standard().withEnumLabels(SubnetType.class, SubnetType::text);

  private NnsCandid() {}
}
