package org.jicp.replica.node;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;
import org.jicp.types.IngressMessage;
import org.jicp.types.MessageId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetId;
import org.jicp.types.Time;
import org.jicp.types.ports.Batch;
import org.jicp.types.ports.Certification;
import org.jicp.types.ports.CertifiedStreamSlice;

/**
 * The finalized batches of a single-node subnet since its last checkpoint, appended and synced
 * before a batch is executed (the role of the consensus pool's persistence in the IC): after a
 * restart the node loads its latest checkpoint and re-executes the batches above it, reaching the
 * same states. A torn last record (a crash while appending) is ignored. jicp's own format: each
 * record is {@code u32 length ‖ body}.
 */
public final class BatchLog implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;

  /** Opens (creating) the log at {@code file}. */
  public BatchLog(Path file) {
    this.file = file;
    try {
      Files.createDirectories(file.getParent());
      this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("opening " + file, e);
    }
  }

  /** Appends {@code b} and syncs it to disk. */
  public synchronized void append(Batch b) {
    byte[] body = encode(b);
    ByteBuffer buf = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
    try {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("appending to " + file, e);
    }
  }

  /** The batches in the log above {@code height}, in order (a torn tail is ignored). */
  public static List<Batch> readAbove(Path file, Height height) {
    List<Batch> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try (InputStream in = Files.newInputStream(file);
        DataInputStream d = new DataInputStream(in)) {
      while (true) {
        int len;
        try {
          len = d.readInt();
        } catch (EOFException e) {
          break;
        }
        byte[] body = new byte[len];
        try {
          d.readFully(body);
        } catch (EOFException e) {
          break; // torn tail
        }
        Batch b = decode(body);
        if (b.height().compareTo(height) > 0) {
          out.add(b);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
    return out;
  }

  /** Drops the records at or below {@code height} (after a checkpoint). */
  public synchronized void truncateTo(Height checkpoint) {
    List<Batch> keep = readAbove(file, checkpoint);
    try {
      channel.truncate(0);
      for (Batch b : keep) {
        byte[] body = encode(b);
        ByteBuffer buf = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body)
            .flip();
        while (buf.hasRemaining()) {
          channel.write(buf);
        }
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("truncating " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void bytes(DataOutputStream o, Bytes b) throws IOException {
    o.writeInt(b.length());
    o.write(b.toByteArray());
  }

  private static Bytes bytes(DataInputStream d) throws IOException {
    int n = d.readInt();
    if (n < 0 || n > 64 << 20) {
      throw new IOException("bad length " + n);
    }
    byte[] b = new byte[n];
    d.readFully(b);
    return Bytes.of(b);
  }

  static byte[] encode(Batch b) {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (DataOutputStream o = new DataOutputStream(bo)) {
      o.writeLong(b.height().value());
      o.writeLong(b.time().nanos());
      o.writeLong(b.registryVersion().value());
      bytes(o, b.randomness());
      o.writeBoolean(b.requiresFullStateHash());
      o.writeInt(b.ingress().size());
      for (IngressMessage m : b.ingress()) {
        bytes(o, m.messageId().bytes());
        o.writeLong(m.expiry().nanos());
        bytes(o, m.content());
      }
      o.writeInt(b.xnetSlices().size());
      for (var e : b.xnetSlices().entrySet()) {
        bytes(o, e.getKey().principal().bytes());
        CertifiedStreamSlice s = e.getValue();
        bytes(o, s.payload());
        bytes(o, s.merkleProof());
        Certification c = s.certification();
        o.writeLong(c.height().value());
        bytes(o, c.rootHash());
        bytes(o, c.signature());
        bytes(o, c.signer().principal().bytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bo.toByteArray();
  }

  static Batch decode(byte[] body) throws IOException {
    DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(body));
    Height h = Height.of(d.readLong());
    Time t = Time.ofNanos(d.readLong());
    RegistryVersion v = RegistryVersion.of(d.readLong());
    Bytes rand = bytes(d);
    boolean full = d.readBoolean();
    int n = d.readInt();
    List<IngressMessage> ingress = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      MessageId id = new MessageId(bytes(d));
      long exp = d.readLong();
      ingress.add(new IngressMessage(id, Time.ofNanos(exp), bytes(d)));
    }
    int k = d.readInt();
    TreeMap<SubnetId, CertifiedStreamSlice> slices = new TreeMap<>();
    for (int i = 0; i < k; i++) {
      SubnetId s = SubnetId.fromBytes(bytes(d).toByteArray());
      Bytes payload = bytes(d);
      Bytes proof = bytes(d);
      Height ch = Height.of(d.readLong());
      Bytes root = bytes(d);
      Bytes sig = bytes(d);
      SubnetId signer = SubnetId.fromBytes(bytes(d).toByteArray());
      slices.put(s, new CertifiedStreamSlice(payload, proof,
          new Certification(ch, root, sig, signer)));
    }
    return new Batch(h, t, v, rand, ingress, slices, full);
  }
}
