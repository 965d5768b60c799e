package org.jicp.state;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import org.jicp.crypto.Bytes;
import org.jicp.state.certification.Certificate;
import org.jicp.state.internal.StateProtos;
import org.jicp.state.internal.proto.CanisterStateBits;
import org.jicp.state.internal.proto.QueuesPb;
import org.jicp.state.manifest.Manifest;
import org.jicp.state.replicated.StreamEncoding;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.LookupResult;

/**
 * Coverage-guided fuzz targets (Jazzer) for ic-state's decoders of untrusted bytes: hash trees
 * and certificates (CBOR, from clients and other subnets), the state-sync manifest (protobuf,
 * from peers), stream headers and messages (CBOR, from other subnets) and the checkpoint's
 * protobuf records. The only acceptable outcomes are a value or a {@link StateException} (for the
 * checkpoint records, also protobuf's {@link InvalidProtocolBufferException}, which the state
 * manager wraps into {@link InvalidCheckpointException}).
 *
 * <p>Default build: each target over its committed inputs ({@code src/test/resources/org/jicp/
 * state/StateDecodersFuzzTestInputs/<target>/}); {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class StateDecodersFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void hashTree_anyCbor_treeOrStateException(byte[] data) {
    try {
      HashTree t = HashTree.decodeCbor(data);
      t.digest();
      // Accepted trees re-encode to a tree with the same digest, and lookups are total.
      HashTree again = HashTree.decodeCbor(t.encodeCbor());
      if (!again.digest().equals(t.digest())) {
        throw new AssertionError("re-encoding changed the digest of " + Bytes.hex(data));
      }
      t.lookup(List.of(HashTree.utf8("a"), HashTree.utf8("b")));
    } catch (StateException expected) {
      // typed rejection
    }
  }

  @FuzzTest(maxDuration = "60s")
  void certificate_anyCbor_certificateOrStateException(byte[] data) {
    try {
      Certificate c = Certificate.decode(data);
      Certificate.decode(c.encode());
    } catch (StateException expected) {
      // typed rejection
    }
  }

  @FuzzTest(maxDuration = "60s")
  void manifest_anyBytes_manifestOrStateException(byte[] data) {
    try {
      Manifest m = Manifest.decode(data);
      m.validate();
    } catch (StateException expected) {
      // typed rejection
    }
  }

  @FuzzTest(maxDuration = "60s")
  void streamEncoding_anyCbor_valueOrStateException(byte[] data) {
    try {
      StreamEncoding.decodeHeader(data);
    } catch (StateException expected) {
      // typed rejection
    }
    try {
      StreamEncoding.decodeMessage(data);
    } catch (StateException expected) {
      // typed rejection
    }
  }

  @FuzzTest(maxDuration = "60s")
  void checkpointRecords_anyBytes_valueOrTypedError(FuzzedDataProvider in) {
    byte[] a = in.consumeBytes(in.consumeInt(0, 4096));
    byte[] b = in.consumeRemainingAsBytes();
    try {
      StateProtos.subnetMetadata(a, b);
    } catch (StateException expected) {
      // typed rejection
    }
    try {
      StateProtos.queues(QueuesPb.parseFrom(b));
    } catch (StateException | InvalidProtocolBufferException expected) {
      // typed rejection
    }
    try {
      StateProtos.systemState(CanisterStateBits.parseFrom(b));
    } catch (StateException | InvalidProtocolBufferException expected) {
      // typed rejection
    }
  }
}
