package org.jicp.nns.sns;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.host.CallContext;
import org.jicp.nns.host.NativeCanister;
import org.jicp.nns.host.Outcome;
import org.jicp.nns.host.OutgoingCall;
import org.jicp.nns.host.Response;
import org.jicp.nns.sns.SnsException.Code;
import org.jicp.types.CanisterId;
import org.jicp.wasm.execution.ManagementApi;

/**
 * The SNS root as a native canister: the only controller of the dapp canisters. {@code
 * change_canister} (governance only) upgrades one through the management canister ({@code
 * install_code} mode upgrade, routed to the dapp's subnet); {@code set_dapp_controllers} (the swap,
 * when the sale fails, or governance) hands every dapp canister to other controllers ({@code
 * update_settings}). {@code list_dapp_canisters} answers the dapp canisters.
 */
public final class SnsRootCanister extends NativeCanister {
  private static final String STEP_CHANGED = "change_canister.done";
  private static final String STEP_SET = "set_dapp_controllers.next";

  /** {@code set_dapp_controllers}' progress: the new controllers and the next dapp canister. */
  private record SetProgress(List<Principal> controllers, @org.jicp.candid.mapping.CandidAs("nat32") int next) {}

  private SnsApi.RootState state;

  /** A root at {@code id} with {@code state}. */
  public SnsRootCanister(CanisterId id, SnsApi.RootState state) {
    super(id);
    this.state = state;
    update("change_canister", (ctx, a) -> {
      if (!ctx.caller().equals(state().governance())) {
        throw new SnsException(Code.UNAUTHORIZED, "only SNS governance changes canisters, not " + ctx.caller());
      }
      SnsApi.ChangeCanisterRequest r = decode(a, SnsApi.ChangeCanisterRequest.class);
      if (!state().dappCanisters().contains(r.canisterId())) {
        throw new SnsException(Code.INVALID_ARGUMENT, r.canisterId() + " is not a dapp canister of this SNS");
      }
      byte[] install = ManagementApi.encode(new ManagementApi.InstallCodeArgs(new ManagementApi.InstallMode.Upgrade(Optional.empty()),
          r.canisterId(), r.wasmModule(), r.arg(), Optional.empty()));
      return await(OutgoingCall.of(Principal.managementCanister(), "install_code", install), STEP_CHANGED, Bytes.EMPTY);
    });
    step(STEP_CHANGED, (ctx, c, r) -> r instanceof Response.Reject rej
        ? new Outcome.Reject(rej.code(), "install_code failed: " + rej.message()) : replyEmpty());
    update("set_dapp_controllers", (ctx, a) -> {
      if (!ctx.caller().equals(state().swap()) && !ctx.caller().equals(state().governance())) {
        throw new SnsException(Code.UNAUTHORIZED, "only the swap or governance sets the dapp controllers, not " + ctx.caller());
      }
      SnsApi.SetDappControllersRequest r = decode(a, SnsApi.SetDappControllersRequest.class);
      if (r.controllerPrincipalIds().isEmpty()) {
        throw new SnsException(Code.INVALID_ARGUMENT, "no controllers");
      }
      return setNext(new SetProgress(r.controllerPrincipalIds(), 0));
    });
    step(STEP_SET, (ctx, c, r) -> {
      if (r instanceof Response.Reject rej) {
        return new Outcome.Reject(rej.code(), "update_settings failed: " + rej.message());
      }
      SetProgress p = context(c, SetProgress.class);
      return setNext(new SetProgress(p.controllers(), p.next() + 1));
    });
    query("list_dapp_canisters", (ctx, a) -> reply(new org.jicp.candid.mapping.TypeRef<List<Principal>>() {}, state().dappCanisters()));
  }

  private SnsApi.RootState state() {
    return state;
  }

  private Outcome setNext(SetProgress p) {
    if (p.next() >= state.dappCanisters().size()) {
      return replyEmpty();
    }
    Principal dapp = state.dappCanisters().get(p.next());
    byte[] settings = ManagementApi.encode(new ManagementApi.UpdateSettingsArgs(dapp,
        ManagementApi.CanisterSettings.controllers(p.controllers()), Optional.empty()));
    return await(OutgoingCall.of(Principal.managementCanister(), "update_settings", settings), STEP_SET, p);
  }

  /** The state (its governance, swap and dapp canisters). */
  public SnsApi.RootState rootState() {
    return state;
  }

  @Override
  public Bytes certifiedData() {
    return Bytes.EMPTY;
  }

  @Override
  public <T> T atomic(Supplier<T> body) {
    SnsApi.RootState before = state;
    try {
      return body.get();
    } catch (RuntimeException | Error e) {
      state = before;
      throw e;
    }
  }

  @Override
  public Bytes saveState() {
    return Bytes.of(CANDID.encode(state));
  }

  /** The canister at {@code id} rebuilt from {@link #saveState()}'s bytes. */
  public static SnsRootCanister restore(CanisterId id, Bytes saved) {
    return new SnsRootCanister(id, CANDID.decode(saved.toByteArray(), SnsApi.RootState.class));
  }
}
