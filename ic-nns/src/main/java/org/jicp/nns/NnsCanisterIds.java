package org.jicp.nns;

import org.jicp.types.CanisterId;

/**
 * The mainnet canister ids of the NNS canisters: indices 0–4 on the NNS subnet (registry,
 * governance, ledger, root, cycles minting), as in {@code rs/nns/constants}.
 */
public final class NnsCanisterIds {
  /** The registry, {@code rwlgt-iiaaa-aaaaa-aaaaa-cai} (index 0). */
  public static final CanisterId REGISTRY = CanisterId.fromIndex(0);

  /** Governance, {@code rrkah-fqaaa-aaaaa-aaaaq-cai} (index 1); also the ledger's minting account. */
  public static final CanisterId GOVERNANCE = CanisterId.fromIndex(1);

  /** The ICP ledger, {@code ryjl3-tyaaa-aaaaa-aaaba-cai} (index 2). */
  public static final CanisterId LEDGER = CanisterId.fromIndex(2);

  /** Root, {@code r7inp-6aaaa-aaaaa-aaabq-cai} (index 3). */
  public static final CanisterId ROOT = CanisterId.fromIndex(3);

  /** The cycles minting canister, {@code rkp4c-7iaaa-aaaaa-aaaca-cai} (index 4). */
  public static final CanisterId CYCLES_MINTING = CanisterId.fromIndex(4);

  /** SNS-W, the SNS wasm modules canister that deploys SNSes, {@code qaa6y-5yaaa-aaaaa-aaafa-cai}. */
  public static final CanisterId SNS_WASM = CanisterId.fromIndex(10);

  private NnsCanisterIds() {}
}
