package org.jicp.nns.host;

import org.jicp.types.RejectCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.nns.InvalidRequestException;
import org.jicp.nns.MalformedRequestException;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.UnauthorizedCallerException;
import org.jicp.nns.registry.InitialDkg;
import org.jicp.nns.registry.InitialDkgResult;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.types.RegistryVersion;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;

/**
 * The part of the IC management canister ({@code aaaaa-aa}) the NNS canisters call, for the
 * in-process host: {@code setup_initial_dkg} (answered by an {@link InitialDkg}), and {@code
 * create_canister} / {@code deposit_cycles} on application subnets, modelled as a ledger of
 * canister ids and cycle balances (no wasm is run: {@code ic-wasm-runtime} is another module).
 * Canister ids are allocated in the creating subnet's routing-table ranges.
 */
public final class ManagementCanister {
  /** {@code SetupInitialDKGArgs}. */
  public record SetupInitialDkgArgs(
      @CandidName("node_ids") List<Principal> nodeIds, @CandidName("registry_version") @CandidAs("nat64") long registryVersion) {}

  /** {@code SetupInitialDKGResponse}: transcripts as protobuf bytes, the key and the fresh subnet id. */
  public record SetupInitialDkgResponse(
      @CandidName("low_threshold_transcript_record") Bytes lowThresholdTranscriptRecord,
      @CandidName("high_threshold_transcript_record") Bytes highThresholdTranscriptRecord,
      @CandidName("fresh_subnet_id") Principal freshSubnetId,
      @CandidName("subnet_threshold_public_key") Bytes subnetThresholdPublicKey) {
    /** The response of a DKG result. */
    public static SetupInitialDkgResponse of(InitialDkgResult r) {
      return new SetupInitialDkgResponse(Bytes.of(r.lowThreshold().toByteArray()), Bytes.of(r.highThreshold().toByteArray()),
          r.freshSubnetId().principal(), r.thresholdPublicKey());
    }

    /** Back to a DKG result. */
    public InitialDkgResult toResult() {
      try {
        return new InitialDkgResult(
            org.jicp.nns.registry.pb.InitialNiDkgTranscriptRecord.parseFrom(lowThresholdTranscriptRecord.toByteArray()),
            org.jicp.nns.registry.pb.InitialNiDkgTranscriptRecord.parseFrom(highThresholdTranscriptRecord.toByteArray()),
            subnetThresholdPublicKey, new SubnetId(freshSubnetId));
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new MalformedRequestException("setup_initial_dkg response: " + e.getMessage(), e);
      }
    }
  }

  /** {@code CanisterSettings} (the controllers only). */
  public record CanisterSettings(Optional<List<Principal>> controllers) {}

  /** {@code CreateCanisterArgs}. */
  public record CreateCanisterArgs(Optional<CanisterSettings> settings) {}

  /** {@code record { canister_id : principal }}. */
  public record CanisterIdRecord(@CandidName("canister_id") Principal canisterId) {}

  /** A canister created through this stub. */
  public record CanisterInfo(SubnetId subnet, List<Principal> controllers, Cycles cycles) {}

  private final InitialDkg dkg;
  private final Function<SubnetId, List<RegistryPayloads.CanisterIdRange>> ranges;
  private final Map<Principal, CanisterInfo> canisters = new TreeMap<>();
  private final CandidMapper candid = org.jicp.nns.NnsCandid.MAPPER;

  /** A management canister whose DKGs are run by {@code dkg}, allocating ids in {@code ranges}. */
  public ManagementCanister(InitialDkg dkg, Function<SubnetId, List<RegistryPayloads.CanisterIdRange>> ranges) {
    this.dkg = dkg;
    this.ranges = ranges;
  }

  /** The canisters created so far. */
  public Map<Principal, CanisterInfo> canisters() {
    return java.util.Collections.unmodifiableMap(canisters);
  }

  /** The canister {@code id}, if created here. */
  public Optional<CanisterInfo> canister(Principal id) {
    return Optional.ofNullable(canisters.get(id));
  }

  <T> T decode(Bytes arg, Class<T> type, String method) {
    try {
      return candid.decode(arg.toByteArray(), type);
    } catch (RuntimeException e) {
      throw new MalformedRequestException(method + ": the argument does not decode: " + e.getMessage(), e);
    }
  }

  /**
   * Handles a call to the management canister; {@code subnet} is the subnet the call was addressed
   * to (a subnet id as callee), if any.
   */
  Response handle(Principal caller, Optional<SubnetId> subnet, String method, Bytes arg, Cycles cycles) {
    switch (method) {
      case "setup_initial_dkg": {
        if (!caller.equals(NnsCanisterIds.REGISTRY.principal())) {
          throw new UnauthorizedCallerException(caller, "call setup_initial_dkg");
        }
        SetupInitialDkgArgs a = decode(arg, SetupInitialDkgArgs.class, method);
        List<NodeId> nodes = new ArrayList<>();
        a.nodeIds().forEach(p -> nodes.add(new NodeId(p)));
        InitialDkgResult r = dkg.setupInitialDkg(nodes, RegistryVersion.of(a.registryVersion()));
        return new Response.Reply(Bytes.of(candid.encode(SetupInitialDkgResponse.of(r))));
      }
      case "create_canister": {
        if (subnet.isEmpty()) {
          throw new InvalidRequestException("create-canister-subnet", "create_canister must be addressed to a subnet");
        }
        CreateCanisterArgs a = decode(arg, CreateCanisterArgs.class, method);
        Principal id = allocate(subnet.get());
        List<Principal> controllers = a.settings().flatMap(CanisterSettings::controllers).orElse(List.of(caller));
        canisters.put(id, new CanisterInfo(subnet.get(), controllers, cycles));
        return new Response.Reply(Bytes.of(candid.encode(new CanisterIdRecord(id))));
      }
      case "deposit_cycles": {
        CanisterIdRecord a = decode(arg, CanisterIdRecord.class, method);
        CanisterInfo c = canisters.get(a.canisterId());
        if (c == null) {
          return new Response.Reject(RejectCode.DESTINATION_INVALID, "canister " + a.canisterId() + " not found");
        }
        canisters.put(a.canisterId(), new CanisterInfo(c.subnet(), c.controllers(), c.cycles().add(cycles)));
        return new Response.Reply(Bytes.of(candid.encode()));
      }
      default:
        return new Response.Reject(RejectCode.DESTINATION_INVALID, "the management canister has no method " + method + " here");
    }
  }

  /** Registers a canister (one installed at genesis, e.g. a test canister). */
  public void register(Principal id, SubnetId subnet, List<Principal> controllers, Cycles cycles) {
    canisters.put(id, new CanisterInfo(subnet, controllers, cycles));
  }

  private Principal allocate(SubnetId subnet) {
    for (RegistryPayloads.CanisterIdRange r : ranges.apply(subnet)) {
      long start = r.startIndex();
      long end = r.endIndex();
      for (long i = start; Long.compareUnsigned(i, end) <= 0 && i != -1; i++) {
        Principal p = Principal.canisterIdFromIndex(i);
        if (!canisters.containsKey(p) && !isNnsCanister(p)) {
          return p;
        }
      }
    }
    throw new InvalidRequestException("create-canister-subnet", "subnet " + subnet + " has no free canister id");
  }

  private static boolean isNnsCanister(Principal p) {
    for (CanisterId c : List.of(NnsCanisterIds.REGISTRY, NnsCanisterIds.GOVERNANCE, NnsCanisterIds.LEDGER,
        NnsCanisterIds.ROOT, NnsCanisterIds.CYCLES_MINTING)) {
      if (c.principal().equals(p)) {
        return true;
      }
    }
    return false;
  }
}
