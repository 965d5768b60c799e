package org.jicp.state.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.state.MalformedEncodingException;
import org.jicp.types.MessageId;
import org.jicp.state.certification.CanisterRange;
import org.jicp.state.internal.proto.CanisterStateBits;
import org.jicp.state.internal.proto.CanisterStatusPb;
import org.jicp.state.internal.proto.ExecutionStateBits;
import org.jicp.state.internal.proto.GlobalPb;
import org.jicp.state.internal.proto.IngressEntry;
import org.jicp.state.internal.proto.IngressHistory;
import org.jicp.state.internal.proto.MetadataSection;
import org.jicp.state.internal.proto.NodeKey;
import org.jicp.state.internal.proto.RoutingEntry;
import org.jicp.state.internal.proto.SubnetTopologyPb;
import org.jicp.state.internal.proto.SubnetTypePb;
import org.jicp.state.internal.proto.SystemMetadata;
import org.jicp.state.replicated.CanisterStatus;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.SubnetMetadata;
import org.jicp.state.replicated.SubnetTopology;
import org.jicp.types.SubnetType;
import org.jicp.state.replicated.SystemState;
import org.jicp.state.replicated.WasmGlobal;

/** Deterministic protobuf encoding of the replicated state's metadata (not pages or modules). */
public final class StateProtos {
  private StateProtos() {}

  /** The deterministic encoding of {@code m}. */
  public static byte[] encode(MessageLite m) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(m.getSerializedSize());
      CodedOutputStream c = CodedOutputStream.newInstance(out);
      c.useDeterministicSerialization();
      m.writeTo(c);
      c.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ByteString bs(byte[] b) {
    return ByteString.copyFrom(b);
  }

  private static ByteString bs(Bytes b) {
    return ByteString.copyFrom(b.toByteArray());
  }

  private static byte[] u128(Cycles c) {
    byte[] b = c.value().toByteArray();
    return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static Cycles cycles(ByteString b, String what) {
    if (b.size() > 16) {
      throw new MalformedEncodingException(what + ": more than 128 bits");
    }
    return new Cycles(b.isEmpty() ? BigInteger.ZERO : new BigInteger(1, b.toByteArray()));
  }

  /** The canister metadata message (the caller adds the execution part). */
  public static CanisterStateBits.Builder systemState(SystemState s) {
    CanisterStateBits.Builder b = CanisterStateBits.newBuilder()
        .setCanisterId(bs(s.canisterId().toByteArray()))
        .setCyclesBalance(bs(u128(s.cyclesBalance())))
        .setStatus(CanisterStatusPb.forNumber(s.status().ordinal() + 1))
        .setCertifiedData(bs(s.certifiedData()))
        .setMemoryAllocation(s.memoryAllocation())
        .setComputeAllocation(s.computeAllocation())
        .setFreezingThresholdSeconds(s.freezingThresholdSeconds())
        .setReservedCycles(bs(u128(s.reservedCycles())))
        .setCanisterVersion(s.canisterVersion())
        .setCreationTimestampNanos(s.creationTimestampNanos())
        .setLastInstallTimestampNanos(s.lastInstallTimestampNanos());
    for (Principal p : s.controllers()) {
      b.addControllers(bs(p.toByteArray()));
    }
    s.metadata().forEach((k, v) ->
        b.addMetadata(MetadataSection.newBuilder().setName(k).setValue(bs(v))));
    return b;
  }

  /** Decodes the system part. */
  public static SystemState systemState(CanisterStateBits b) {
    try {
      List<Principal> controllers = new ArrayList<>();
      for (ByteString c : b.getControllersList()) {
        controllers.add(Principal.fromBytes(c.toByteArray()));
      }
      TreeMap<String, Bytes> md = new TreeMap<>();
      for (MetadataSection m : b.getMetadataList()) {
        md.put(m.getName(), Bytes.of(m.getValue().toByteArray()));
      }
      if (b.getStatusValue() < 1 || b.getStatusValue() > 3) {
        throw new MalformedEncodingException("canister status " + b.getStatusValue());
      }
      return new SystemState(
          CanisterId.fromBytes(b.getCanisterId().toByteArray()), controllers,
          cycles(b.getCyclesBalance(), "cycles balance"),
          CanisterStatus.values()[b.getStatusValue() - 1],
          Bytes.of(b.getCertifiedData().toByteArray()), b.getMemoryAllocation(),
          b.getComputeAllocation(), b.getFreezingThresholdSeconds(),
          cycles(b.getReservedCycles(), "reserved cycles"), b.getCanisterVersion(),
          b.getCreationTimestampNanos(), b.getLastInstallTimestampNanos(), md);
    } catch (RuntimeException e) {
      throw malformed("canister state", e);
    }
  }

  private static MalformedEncodingException malformed(String what, RuntimeException e) {
    if (e instanceof MalformedEncodingException m) {
      return m;
    }
    return new MalformedEncodingException(what + ": " + e.getMessage(), e);
  }

  /** The execution metadata message. */
  public static ExecutionStateBits.Builder executionBits(
      Bytes moduleHash, long heapPages, long stablePages, List<WasmGlobal> globals,
      List<String> heapOverlays, List<String> stableOverlays) {
    ExecutionStateBits.Builder b = ExecutionStateBits.newBuilder()
        .setModuleHash(bs(moduleHash))
        .setHeapSizeWasmPages(heapPages)
        .setStableMemorySizeWasmPages(stablePages)
        .addAllHeapOverlays(heapOverlays)
        .addAllStableMemoryOverlays(stableOverlays);
    for (WasmGlobal g : globals) {
      b.addExportedGlobals(GlobalPb.newBuilder().setType(g.type().ordinal()).setBits(g.bits()));
    }
    return b;
  }

  /** Decodes the exported globals. */
  public static List<WasmGlobal> globals(ExecutionStateBits b) {
    List<WasmGlobal> out = new ArrayList<>();
    try {
      for (GlobalPb g : b.getExportedGlobalsList()) {
        if (g.getType() > 3) {
          throw new MalformedEncodingException("global type " + g.getType());
        }
        out.add(new WasmGlobal(WasmGlobal.Type.values()[g.getType()], g.getBits()));
      }
    } catch (RuntimeException e) {
      throw malformed("exported globals", e);
    }
    return out;
  }

  /** Encodes the subnet metadata (without the ingress history). */
  public static SystemMetadata systemMetadata(Height h, SubnetMetadata m) {
    SystemMetadata.Builder b = SystemMetadata.newBuilder()
        .setHeight(h.value())
        .setOwnSubnetId(bs(m.ownSubnetId().toByteArray()))
        .setOwnSubnetType(SubnetTypePb.forNumber(m.ownSubnetType().ordinal() + 1))
        .setTimeNanos(m.timeNanos());
    m.routingTable().entries().forEach((r, s) -> b.addRoutingTable(RoutingEntry.newBuilder()
        .setStart(bs(r.start().toByteArray())).setEnd(bs(r.end().toByteArray()))
        .setSubnetId(bs(s.toByteArray()))));
    m.topology().forEach((sid, t) -> {
      SubnetTopologyPb.Builder tb = SubnetTopologyPb.newBuilder()
          .setSubnetId(bs(sid.toByteArray())).setPublicKey(bs(t.publicKey()))
          .setType(SubnetTypePb.forNumber(t.type().ordinal() + 1));
      t.nodePublicKeys().forEach((n, k) -> tb.addNodes(
          NodeKey.newBuilder().setNodeId(bs(n.toByteArray())).setPublicKey(bs(k))));
      b.addTopology(tb);
    });
    return b.build();
  }

  /** Encodes the ingress history. */
  public static IngressHistory ingressHistory(Map<MessageId, IngressStatus> h) {
    IngressHistory.Builder b = IngressHistory.newBuilder();
    h.forEach((id, s) -> b.addEntries(IngressEntry.newBuilder()
        .setRequestId(bs(id.bytes()))
        .setKind(s.kind().ordinal())
        .setHasReply(s.reply().isPresent())
        .setReply(bs(s.reply().orElse(Bytes.EMPTY)))
        .setRejectCode(s.rejectCode())
        .setRejectMessage(s.rejectMessage().orElse(""))
        .setHasErrorCode(s.errorCode().isPresent())
        .setErrorCode(s.errorCode().orElse(""))));
    return b.build();
  }

  private static SubnetType subnetType(SubnetTypePb t) {
    int n = t.getNumber();
    if (n < 1 || n > 4) {
      throw new MalformedEncodingException("subnet type " + n);
    }
    return SubnetType.values()[n - 1];
  }

  /** Decodes the subnet metadata and ingress history. */
  public static Map.Entry<Height, SubnetMetadata> subnetMetadata(byte[] sys, byte[] ingress) {
    try {
      SystemMetadata m = SystemMetadata.parseFrom(sys);
      IngressHistory ih = IngressHistory.parseFrom(ingress);
      Map<CanisterRange, SubnetId> rt = new java.util.HashMap<>();
      for (RoutingEntry e : m.getRoutingTableList()) {
        rt.put(new CanisterRange(CanisterId.fromBytes(e.getStart().toByteArray()),
            CanisterId.fromBytes(e.getEnd().toByteArray())),
            SubnetId.fromBytes(e.getSubnetId().toByteArray()));
      }
      TreeMap<SubnetId, SubnetTopology> topo = new TreeMap<>();
      for (SubnetTopologyPb t : m.getTopologyList()) {
        TreeMap<NodeId, Bytes> nodes = new TreeMap<>();
        for (NodeKey k : t.getNodesList()) {
          nodes.put(NodeId.fromBytes(k.getNodeId().toByteArray()),
              Bytes.of(k.getPublicKey().toByteArray()));
        }
        topo.put(SubnetId.fromBytes(t.getSubnetId().toByteArray()),
            new SubnetTopology(Bytes.of(t.getPublicKey().toByteArray()), subnetType(t.getType()),
                nodes));
      }
      TreeMap<MessageId, IngressStatus> hist = new TreeMap<>();
      for (IngressEntry e : ih.getEntriesList()) {
        if (e.getKind() > 4) {
          throw new MalformedEncodingException("ingress status kind " + e.getKind());
        }
        hist.put(new MessageId(Bytes.of(e.getRequestId().toByteArray())), new IngressStatus(
            IngressStatus.Kind.values()[e.getKind()],
            e.getHasReply() ? Optional.of(Bytes.of(e.getReply().toByteArray())) : Optional.empty(),
            e.getRejectCode(),
            e.getKind() == IngressStatus.Kind.REJECTED.ordinal()
                ? Optional.of(e.getRejectMessage()) : Optional.empty(),
            e.getHasErrorCode() ? Optional.of(e.getErrorCode()) : Optional.empty()));
      }
      SubnetMetadata md = new SubnetMetadata(
          SubnetId.fromBytes(m.getOwnSubnetId().toByteArray()), subnetType(m.getOwnSubnetType()),
          m.getTimeNanos(), new RoutingTable(rt), topo, hist);
      return Map.entry(new Height(m.getHeight()), md);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedEncodingException("metadata protobuf: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw malformed("metadata", e);
    }
  }
}
