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
 * published shape of {@code sns-wasm.did}) answers the SNSes made. {@code deploy_new_sns} keeps
 * jicp's argument ({@link DeployNewSnsRequest}, not the published {@code SnsInitPayload}); its
 * response has the published shape.
 */
public final class SnsWasmCanister extends NativeCanister {
  private static final String STEP = "deploy.next";

  /** The cycles SNS-W attaches to each canister it creates (10 T; from its own balance). */
  public static final java.math.BigInteger CYCLES_PER_CANISTER = java.math.BigInteger.TEN.pow(13);

  /** {@code deploy_new_sns}'s argument (jicp's shape of {@code SnsInitPayload}). */
  public record DeployNewSnsRequest(@CandidName("subnet_id") Principal subnetId,
      @CandidName("dapp_canisters") List<Principal> dappCanisters,
      @CandidName("token_symbol") String tokenSymbol, @CandidName("token_name") String tokenName,
      @CandidName("transaction_fee_e8s") @CandidAs("nat64") long transactionFeeE8s,
      @CandidName("treasury_e8s") @CandidAs("nat64") long treasuryE8s, SnsApi.Params params, SnsApi.SwapParams sale) {}

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
  private record Deploying(DeployNewSnsRequest request, List<Principal> created, @CandidAs("nat32") int next,
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
      DeployNewSnsRequest r = decode(a, DeployNewSnsRequest.class);
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
    DeployNewSnsRequest r = d.request();
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
