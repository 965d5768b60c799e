package org.jicp.nns.sns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.host.CallContext;
import org.jicp.nns.host.ManagementCalls;
import org.jicp.nns.host.NativeCanister;
import org.jicp.nns.host.Outcome;
import org.jicp.nns.host.OutgoingCall;
import org.jicp.nns.host.Response;
import org.jicp.nns.sns.SnsException.Code;
import org.jicp.types.CanisterId;
import org.jicp.wasm.execution.ManagementApi;

/**
 * SNS-W as a native NNS canister at {@link NnsCanisterIds#SNS_WASM}: {@code deploy_new_sns}
 * (NNS governance only, i.e. by an adopted proposal) creates the four SNS canisters on the
 * requested subnet ({@code create_canister} addressed to the subnet, {@link #CYCLES_PER_CANISTER}
 * each from SNS-W's balance; mainnet uses its SNS subnet; not the NNS subnet, whose free ids are
 * mainnet NNS canister ids in jicp's replica), installs them ({@code install_code} with the native kinds of
 * {@link SnsCanisterFactory} and the initial states of {@link SnsDeployment}), makes SNS governance
 * the controller of the SNS root and the root the controller of the other three, and finally makes
 * the SNS root the only controller of every dapp canister ({@code update_settings}; SNS-W must be a
 * controller of them, as the NNS root must be on mainnet). Each call is a saved step; a failed call
 * stops the deployment and answers its error. {@code list_deployed_snses} ({@code (record {})}, the
 * published shape of {@code sns-wasm.did}) answers the SNSes made. {@code deploy_new_sns} takes
 * the published {@code DeployNewSnsRequest} ({@code SnsInitPayload}: the fields jicp reads) with
 * two jicp fields ({@link DeployNewSnsRequest}); its response has the published shape.
 */
public final class SnsWasmCanister extends NativeCanister {
  private static final String STEP = "deploy.next";

  /** The cycles SNS-W attaches to each canister it creates (10 T; from its own balance). */
  public static final java.math.BigInteger CYCLES_PER_CANISTER = java.math.BigInteger.TEN.pow(13);

  /**
   * What jicp deploys: the subnet, the dapp canisters, the token, the treasury, the parameters and
   * the sale (the content of a {@link DeployNewSnsRequest}, validated).
   */
  public record SnsSpec(@CandidName("subnet_id") Principal subnetId,
      @CandidName("dapp_canisters") List<Principal> dappCanisters,
      @CandidName("token_symbol") String tokenSymbol, @CandidName("token_name") String tokenName,
      @CandidName("transaction_fee_e8s") @CandidAs("nat64") long transactionFeeE8s,
      @CandidName("treasury_e8s") @CandidAs("nat64") long treasuryE8s, SnsApi.Params params, SnsApi.SwapParams sale) {}

  /** {@code sns-wasm.did}'s {@code Canister}. */
  public record Canister(Optional<Principal> id) {}

  /** {@code DappCanisters}. */
  public record DappCanisters(List<Canister> canisters) {}

  /** {@code TreasuryDistribution}. */
  public record TreasuryDistribution(@CandidName("total_e8s") @CandidAs("nat64") long totalE8s) {}

  /** {@code SwapDistribution}. */
  public record SwapDistribution(@CandidName("total_e8s") @CandidAs("nat64") long totalE8s,
      @CandidName("initial_swap_amount_e8s") @CandidAs("nat64") long initialSwapAmountE8s) {}

  /** {@code NeuronDistribution} (the fields jicp reads: only to refuse them). */
  public record NeuronDistribution(Optional<Principal> controller, @CandidName("stake_e8s") @CandidAs("nat64") long stakeE8s) {}

  /** {@code DeveloperDistribution}. */
  public record DeveloperDistribution(@CandidName("developer_neurons") List<NeuronDistribution> developerNeurons) {}

  /** {@code AirdropDistribution}. */
  public record AirdropDistribution(@CandidName("airdrop_neurons") List<NeuronDistribution> airdropNeurons) {}

  /** {@code FractionalDeveloperVotingPower}. */
  public record FractionalDeveloperVotingPower(@CandidName("treasury_distribution") Optional<TreasuryDistribution> treasury,
      @CandidName("developer_distribution") Optional<DeveloperDistribution> developer,
      @CandidName("airdrop_distribution") Optional<AirdropDistribution> airdrop,
      @CandidName("swap_distribution") Optional<SwapDistribution> swap) {}

  /** {@code InitialTokenDistribution}. */
  public sealed interface InitialTokenDistribution {
    /** The only published case. */
    record FractionalDeveloperVotingPower(SnsWasmCanister.FractionalDeveloperVotingPower value) implements InitialTokenDistribution {}
  }

  /**
   * {@code SnsInitPayload} of {@code sns-wasm.did}: the fields jicp reads (all optional but the
   * fallback controllers, as published; others are ignored — logo, rewards, Neurons' Fund,
   * restricted countries, …).
   */
  public record SnsInitPayload(
      @CandidName("token_symbol") Optional<String> tokenSymbol, @CandidName("token_name") Optional<String> tokenName,
      @CandidName("transaction_fee_e8s") @CandidAs("opt nat64") Optional<Long> transactionFeeE8s,
      @CandidName("neuron_minimum_stake_e8s") @CandidAs("opt nat64") Optional<Long> neuronMinimumStakeE8s,
      @CandidName("neuron_minimum_dissolve_delay_to_vote_seconds") @CandidAs("opt nat64") Optional<Long> minimumDissolveDelayToVote,
      @CandidName("max_dissolve_delay_seconds") @CandidAs("opt nat64") Optional<Long> maxDissolveDelaySeconds,
      @CandidName("max_dissolve_delay_bonus_percentage") @CandidAs("opt nat64") Optional<Long> maxDissolveDelayBonusPercentage,
      @CandidName("initial_voting_period_seconds") @CandidAs("opt nat64") Optional<Long> initialVotingPeriodSeconds,
      @CandidName("fallback_controller_principal_ids") List<String> fallbackControllerPrincipalIds,
      @CandidName("initial_token_distribution") Optional<InitialTokenDistribution> initialTokenDistribution,
      @CandidName("dapp_canisters") Optional<DappCanisters> dappCanisters,
      @CandidName("min_icp_e8s") @CandidAs("opt nat64") Optional<Long> minIcpE8s,
      @CandidName("max_icp_e8s") @CandidAs("opt nat64") Optional<Long> maxIcpE8s,
      @CandidName("min_participant_icp_e8s") @CandidAs("opt nat64") Optional<Long> minParticipantIcpE8s,
      @CandidName("min_participants") @CandidAs("opt nat64") Optional<Long> minParticipants,
      @CandidName("swap_due_timestamp_seconds") @CandidAs("opt nat64") Optional<Long> swapDueTimestampSeconds) {}

  /**
   * {@code deploy_new_sns}'s argument: the published {@code DeployNewSnsRequest} ({@code
   * sns_init_payload}) and two jicp fields mainnet does not have — {@code subnet_id} (mainnet's
   * SNS-W picks one of its SNS subnets) and {@code sale_neuron_dissolve_delay_seconds} (mainnet
   * builds a basket of neurons per buyer; jicp one, with this delay — default: the minimum
   * dissolve delay to vote).
   */
  public record DeployNewSnsRequest(@CandidName("sns_init_payload") Optional<SnsInitPayload> snsInitPayload,
      @CandidName("subnet_id") Optional<Principal> subnetId,
      @CandidName("sale_neuron_dissolve_delay_seconds") @CandidAs("opt nat64") Optional<Long> saleNeuronDissolveDelaySeconds) {
    /** The request that deploys {@code s}. */
    public static DeployNewSnsRequest of(SnsSpec s) {
      SnsApi.Params p = s.params();
      SnsApi.SwapParams sale = s.sale();
      return new DeployNewSnsRequest(Optional.of(new SnsInitPayload(Optional.of(s.tokenSymbol()), Optional.of(s.tokenName()),
          Optional.of(s.transactionFeeE8s()), Optional.of(p.neuronMinimumStakeE8s()), Optional.of(p.neuronMinimumDissolveDelayToVoteSeconds()),
          Optional.of(p.maxDissolveDelaySeconds()), Optional.of(p.maxDissolveDelayBonusPercent()), Optional.of(p.initialVotingPeriodSeconds()),
          sale.fallbackControllers().stream().map(Principal::toText).toList(),
          Optional.of(new InitialTokenDistribution.FractionalDeveloperVotingPower(new FractionalDeveloperVotingPower(
              Optional.of(new TreasuryDistribution(s.treasuryE8s())), Optional.empty(), Optional.empty(),
              Optional.of(new SwapDistribution(sale.snsTokenE8s(), sale.snsTokenE8s()))))),
          Optional.of(new DappCanisters(s.dappCanisters().stream().map(c -> new Canister(Optional.of(c))).toList())),
          Optional.of(sale.minIcpE8s()), Optional.of(sale.maxIcpE8s()), Optional.of(sale.minParticipantIcpE8s()), Optional.of(1L),
          Optional.of(sale.swapDueSeconds()))), Optional.of(s.subnetId()), Optional.of(sale.neuronDissolveDelaySeconds()));
    }

    /**
     * The deployment this request asks for; the quorum is SNS's default (3 %), not a published
     * init parameter.
     *
     * @throws SnsException {@code INVALID_ARGUMENT}: no payload, subnet, token symbol or name, swap
     *     distribution, sale bounds, dapp canister; developer or airdrop neurons, more than one
     *     minimum participant (jicp has neither); parameters or sale out of range
     */
    public SnsSpec spec() {
      SnsInitPayload p = snsInitPayload.orElseThrow(() -> bad("no sns_init_payload"));
      Principal subnet = subnetId.orElseThrow(() -> bad("jicp's SNS-W needs subnet_id (it keeps no list of SNS subnets)"));
      FractionalDeveloperVotingPower dist = p.initialTokenDistribution().map(d ->
          ((InitialTokenDistribution.FractionalDeveloperVotingPower) d).value()).orElseThrow(() -> bad("no initial_token_distribution"));
      if (dist.developer().map(d -> !d.developerNeurons().isEmpty()).orElse(false)
          || dist.airdrop().map(d -> !d.airdropNeurons().isEmpty()).orElse(false)) {
        throw bad("jicp's SNS has no developer or airdrop neurons: only the sale distributes tokens");
      }
      if (p.minParticipants().orElse(1L) > 1) {
        throw bad("jicp's swap has no minimum number of participants above 1: " + p.minParticipants().get());
      }
      SnsApi.Params d = SnsApi.Params.defaults();
      SnsApi.Params params = new SnsApi.Params(p.neuronMinimumStakeE8s().orElse(d.neuronMinimumStakeE8s()),
          p.minimumDissolveDelayToVote().orElse(d.neuronMinimumDissolveDelayToVoteSeconds()),
          p.maxDissolveDelaySeconds().orElse(d.maxDissolveDelaySeconds()),
          p.maxDissolveDelayBonusPercentage().orElse(d.maxDissolveDelayBonusPercent()),
          p.initialVotingPeriodSeconds().orElse(d.initialVotingPeriodSeconds()), d.quorumBasisPoints());
      List<Principal> fallback = new ArrayList<>();
      for (String t : p.fallbackControllerPrincipalIds()) {
        try {
          fallback.add(Principal.fromText(t));
        } catch (RuntimeException e) {
          throw bad("a fallback controller is not a principal: " + t);
        }
      }
      List<Principal> dapps = p.dappCanisters().map(x -> x.canisters().stream().map(c -> c.id().orElseThrow(() ->
          bad("a dapp canister without an id"))).toList()).orElse(List.of());
      long swapTokens = dist.swap().orElseThrow(() -> bad("no swap_distribution")).initialSwapAmountE8s();
      SnsApi.SwapParams sale = new SnsApi.SwapParams(p.minIcpE8s().orElseThrow(() -> bad("no min_icp_e8s")),
          p.maxIcpE8s().orElseThrow(() -> bad("no max_icp_e8s")),
          p.minParticipantIcpE8s().orElseThrow(() -> bad("no min_participant_icp_e8s")), swapTokens,
          p.swapDueTimestampSeconds().orElseThrow(() -> bad("no swap_due_timestamp_seconds")),
          saleNeuronDissolveDelaySeconds.orElse(params.neuronMinimumDissolveDelayToVoteSeconds()), fallback);
      return new SnsSpec(subnet, dapps, p.tokenSymbol().orElseThrow(() -> bad("no token_symbol")),
          p.tokenName().orElseThrow(() -> bad("no token_name")), p.transactionFeeE8s().orElse(10_000L),
          dist.treasury().map(TreasuryDistribution::totalE8s).orElse(0L), params, sale);
    }

    private static SnsException bad(String why) {
      return new SnsException(Code.INVALID_ARGUMENT, "deploy_new_sns: " + why);
    }
  }

  /** {@code SnsCanisterIds} of {@code sns-wasm.did} (jicp deploys no index canister: {@code index} is absent). */
  public record SnsCanisterIds(Optional<Principal> root, Optional<Principal> governance, Optional<Principal> ledger,
      Optional<Principal> swap, Optional<Principal> index) {}

  /** {@code SnsWasmError}. */
  public record SnsWasmError(String message) {}

  /** {@code DeployNewSnsResponse} of {@code sns-wasm.did}: the canisters and the subnet, or the error. */
  public record DeployNewSnsResponse(@CandidName("subnet_id") Optional<Principal> subnetId, Optional<SnsCanisterIds> canisters,
      Optional<SnsWasmError> error) {}

  /** A deployed SNS (SNS-W's saved state). */
  public record DeployedSns(@CandidName("root_canister_id") Principal root, @CandidName("governance_canister_id") Principal governance,
      @CandidName("ledger_canister_id") Principal ledger, @CandidName("swap_canister_id") Principal swap) {
    /** This SNS in the published shape ({@code DeployedSns} of {@code sns-wasm.did}: every id optional, no index). */
    public Listed listed() {
      return new Listed(Optional.of(root), Optional.of(governance), Optional.of(ledger), Optional.of(swap), Optional.empty());
    }
  }

  /** {@code DeployedSns} of {@code sns-wasm.did}. */
  public record Listed(@CandidName("root_canister_id") Optional<Principal> root,
      @CandidName("governance_canister_id") Optional<Principal> governance,
      @CandidName("ledger_canister_id") Optional<Principal> ledger, @CandidName("swap_canister_id") Optional<Principal> swap,
      @CandidName("index_canister_id") Optional<Principal> index) {}

  /** {@code ListDeployedSnsesResponse} of {@code sns-wasm.did}. */
  public record ListDeployedSnsesResponse(List<Listed> instances) {}

  /** An empty Candid record, the argument of the {@code (record {})} methods. */
  public record Empty() {}

  /** A deployment in progress: the request, the canisters created so far, the next call. */
  private record Deploying(SnsSpec request, List<Principal> created, @CandidAs("nat32") int next,
      @CandidAs("nat64") long startNanos) {}

  /** The saved state. */
  private record State(List<DeployedSns> deployed) {}

  private List<DeployedSns> deployed;

  /** SNS-W with the SNSes it deployed. */
  public SnsWasmCanister(List<DeployedSns> deployed) {
    super(NnsCanisterIds.SNS_WASM);
    this.deployed = List.copyOf(deployed);
    update("deploy_new_sns", (ctx, a) -> {
      if (!ctx.caller().equals(NnsCanisterIds.GOVERNANCE.principal())) {
        throw new SnsException(Code.UNAUTHORIZED, "only NNS governance deploys an SNS (by proposal), not " + ctx.caller());
      }
      SnsSpec r = decode(a, DeployNewSnsRequest.class).spec();
      r.params().validate();
      if (r.dappCanisters().isEmpty()) {
        throw new SnsException(Code.INVALID_ARGUMENT, "an SNS needs at least one dapp canister");
      }
      return next(new Deploying(r, List.of(), 0, ctx.timeNanos()));
    });
    step(STEP, this::stepped);
    query("list_deployed_snses", (ctx, a) -> {
      return reply(new ListDeployedSnsesResponse(this.deployed.stream().map(DeployedSns::listed).toList()));
    });
  }

  /** The SNSes deployed so far. */
  public List<DeployedSns> deployed() {
    return deployed;
  }

  private static final String[] KINDS = {SnsCanisterFactory.ROOT, SnsCanisterFactory.GOVERNANCE, SnsCanisterFactory.LEDGER,
      SnsCanisterFactory.SWAP};

  private static SnsDeployment deployment(Deploying d) {
    List<Principal> c = d.created();
    SnsSpec r = d.request();
    return new SnsDeployment(new CanisterId(c.get(1)), new CanisterId(c.get(2)), new CanisterId(c.get(3)), new CanisterId(c.get(0)),
        r.dappCanisters(), r.tokenSymbol(), r.tokenName(), r.transactionFeeE8s(), r.treasuryE8s(), r.params(), r.sale());
  }

  /** The call number {@code d.next()}: 0–3 create, 4–7 install, 8–11 SNS controllers, then the dapps. */
  private Outcome next(Deploying d) {
    int n = d.next();
    Principal ic00 = Principal.managementCanister();
    if (n < 4) {
      byte[] arg = encode(new ManagementCalls.CreateCanisterArgs(Optional.of(
          new ManagementCalls.CanisterSettings(Optional.of(List.of(id().principal()))))));
      return await(new OutgoingCall(d.request().subnetId(), "create_canister", Bytes.of(arg),
          new org.jicp.types.Cycles(CYCLES_PER_CANISTER)), STEP, d);
    }
    SnsDeployment dep = deployment(d);
    if (n < 8) {
      Principal target = d.created().get(n - 4);
      Map.Entry<String, Bytes> install = dep.installs(d.startNanos()).get(new CanisterId(target));
      byte[] arg = ManagementApi.encode(new ManagementApi.InstallCodeArgs(new ManagementApi.InstallMode.Install(), target,
          Bytes.of(("jicp native canister " + KINDS[n - 4]).getBytes(StandardCharsets.UTF_8)), install.getValue(), Optional.empty()));
      return await(OutgoingCall.of(ic00, "install_code", arg), STEP, d);
    }
    if (n < 12) {
      Principal target = d.created().get(n - 8);
      Principal controller = n == 8 ? dep.governance().principal() : dep.root().principal();
      return await(OutgoingCall.of(ic00, "update_settings", ManagementApi.encode(new ManagementApi.UpdateSettingsArgs(target,
          ManagementApi.CanisterSettings.controllers(List.of(controller)), Optional.empty()))), STEP, d);
    }
    int dapp = n - 12;
    if (dapp < d.request().dappCanisters().size()) {
      return await(OutgoingCall.of(ic00, "update_settings", ManagementApi.encode(new ManagementApi.UpdateSettingsArgs(
          d.request().dappCanisters().get(dapp), ManagementApi.CanisterSettings.controllers(List.of(dep.root().principal())),
          Optional.empty()))), STEP, d);
    }
    DeployedSns s = new DeployedSns(dep.root().principal(), dep.governance().principal(), dep.ledger().principal(),
        dep.swap().principal());
    List<DeployedSns> all = new ArrayList<>(deployed);
    all.add(s);
    deployed = List.copyOf(all);
    return reply(new DeployNewSnsResponse(Optional.of(d.request().subnetId()), Optional.of(new SnsCanisterIds(Optional.of(s.root()),
        Optional.of(s.governance()), Optional.of(s.ledger()), Optional.of(s.swap()), Optional.empty())), Optional.empty()));
  }

  private Outcome stepped(CallContext ctx, Bytes context, Response r) {
    Deploying d = context(context, Deploying.class);
    if (r instanceof Response.Reject rej) {
      return reply(new DeployNewSnsResponse(Optional.empty(), Optional.empty(), Optional.of(new SnsWasmError("step " + d.next()
          + " of the deployment failed: " + rej.message() + " (canisters created: " + d.created() + ")"))));
    }
    List<Principal> created = new ArrayList<>(d.created());
    if (d.next() < 4) {
      created.add(decode(((Response.Reply) r).bytes(), ManagementCalls.CanisterIdRecord.class).canisterId());
    }
    return next(new Deploying(d.request(), created, d.next() + 1, d.startNanos()));
  }

  @Override
  public Bytes certifiedData() {
    return Bytes.EMPTY;
  }

  @Override
  public <T> T atomic(Supplier<T> body) {
    List<DeployedSns> before = deployed;
    try {
      return body.get();
    } catch (RuntimeException | Error e) {
      deployed = before;
      throw e;
    }
  }

  @Override
  public Bytes saveState() {
    return Bytes.of(CANDID.encode(new State(deployed)));
  }

  /** SNS-W rebuilt from {@link #saveState()}'s bytes. */
  public static SnsWasmCanister restore(Bytes saved) {
    return new SnsWasmCanister(CANDID.decode(saved.toByteArray(), State.class).deployed());
  }
}
