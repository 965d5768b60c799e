package org.jicp.state.manifest;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.internal.Sha256;
import org.jicp.state.internal.StateProtos;

/**
 * A state-sync manifest, version 3, as the IC computes it ({@code
 * rs/state_manager/src/state_sync/types.rs}, note "Manifest Hash"): a file table (relative path,
 * size, file hash) sorted by path and a chunk table (file index, size, offset, chunk hash) of the
 * files cut into 1 MiB chunks. Integers hash big-endian.
 *
 * <p>The manifest hash is the hash of its {@link MetaManifest}: the protobuf encoding of the
 * manifest cut into 1 MiB slices, each hashed with {@code ds("ic-state-sub-manifest")}. It names a
 * checkpoint; it is not the certified state root.
 */
public final class Manifest {
  /** The chunk size: 1 MiB ({@code DEFAULT_CHUNK_SIZE}). */
  public static final int CHUNK_SIZE = 1 << 20;

  /** The state sync version this code computes: V3. */
  public static final int VERSION = 3;

  static final byte[] DS_CHUNK = Sha256.domainSeparator("ic-state-chunk");
  static final byte[] DS_FILE = Sha256.domainSeparator("ic-state-file");

  private final int version;
  private final List<FileInfo> files;
  private final List<ChunkInfo> chunks;

  /** A manifest of its tables; see {@link #validate()} for the consistency checks. */
  public Manifest(int version, List<FileInfo> files, List<ChunkInfo> chunks) {
    this.version = version;
    this.files = List.copyOf(files);
    this.chunks = List.copyOf(chunks);
  }

  /** The state sync version. */
  public int version() {
    return version;
  }

  /** The file table, sorted by path. */
  public List<FileInfo> files() {
    return files;
  }

  /** The chunk table, grouped by file in file order, then by offset. */
  public List<ChunkInfo> chunks() {
    return chunks;
  }

  /** {@code H(ds("ic-state-chunk") · bytes[off, off+len))}. */
  public static Bytes chunkHash(byte[] bytes, int off, int len) {
    MessageDigest md = Sha256.digest();
    md.update(DS_CHUNK);
    md.update(bytes, off, len);
    return Bytes.of(md.digest());
  }

  /** The V3 file hash over the file's chunk entries. */
  public static Bytes fileHash(List<ChunkInfo> fileChunks) {
    MessageDigest md = Sha256.digest();
    md.update(DS_FILE);
    md.update(ByteBuffer.allocate(4).putInt(fileChunks.size()).array());
    ByteBuffer e = ByteBuffer.allocate(12);
    for (ChunkInfo c : fileChunks) {
      e.clear();
      e.putInt(c.sizeBytes()).putLong(c.offset());
      md.update(e.array());
      md.update(c.hash().toByteArray());
    }
    return Bytes.of(md.digest());
  }

  /**
   * Checks the manifest's internal consistency: paths strictly increasing, chunks grouped by file
   * and contiguous from offset 0 to the file size, each no larger than 1 MiB, and each file hash
   * equal to the hash of its chunk entries. A manifest received from a peer is checked with this
   * before any of its chunks is trusted.
   *
   * @throws MalformedEncodingException naming the first inconsistency
   */
  public void validate() {
    if (version != VERSION) {
      throw new MalformedEncodingException("manifest version " + version + ", expected " + VERSION);
    }
    int ci = 0;
    for (int fi = 0; fi < files.size(); fi++) {
      FileInfo f = files.get(fi);
      if (fi > 0 && files.get(fi - 1).relativePath().compareTo(f.relativePath()) >= 0) {
        throw new MalformedEncodingException("manifest file table not sorted at " + f.relativePath());
      }
      long off = 0;
      int start = ci;
      while (ci < chunks.size() && chunks.get(ci).fileIndex() == fi) {
        ChunkInfo c = chunks.get(ci);
        if (c.offset() != off || c.sizeBytes() == 0) {
          throw new MalformedEncodingException(
              "manifest chunk " + ci + " of " + f.relativePath() + " is not contiguous");
        }
        off += c.sizeBytes();
        ci++;
      }
      if (off != f.sizeBytes()) {
        throw new MalformedEncodingException(
            "manifest chunks of " + f.relativePath() + " cover " + off + " of " + f.sizeBytes()
                + " bytes");
      }
      if (!fileHash(chunks.subList(start, ci)).equals(f.hash())) {
        throw new MalformedEncodingException(
            "manifest file hash of " + f.relativePath() + " does not match its chunks");
      }
    }
    if (ci != chunks.size()) {
      throw new MalformedEncodingException("manifest chunk " + ci + " belongs to no file");
    }
  }

  /** The chunks of file {@code fileIndex}. */
  public List<ChunkInfo> chunksOf(int fileIndex) {
    List<ChunkInfo> out = new ArrayList<>();
    for (ChunkInfo c : chunks) {
      if (c.fileIndex() == fileIndex) {
        out.add(c);
      }
    }
    return out;
  }

  /** The protobuf encoding (the IC's {@code state.sync.v1.Manifest}). */
  public byte[] encode() {
    var b = org.jicp.state.internal.proto.Manifest.newBuilder().setVersion(version);
    for (FileInfo f : files) {
      b.addFileTable(org.jicp.state.internal.proto.FileInfo.newBuilder()
          .setRelativePath(f.relativePath()).setSizeBytes(f.sizeBytes())
          .setHash(ByteString.copyFrom(f.hash().toByteArray())));
    }
    for (ChunkInfo c : chunks) {
      b.addChunkTable(org.jicp.state.internal.proto.ChunkInfo.newBuilder()
          .setFileIndex(c.fileIndex()).setSizeBytes(c.sizeBytes()).setOffset(c.offset())
          .setHash(ByteString.copyFrom(c.hash().toByteArray())));
    }
    return StateProtos.encode(b.build());
  }

  /**
   * Decodes the protobuf encoding (without validating it; see {@link #validate()}).
   *
   * @throws MalformedEncodingException if it does not parse or an entry is out of range
   */
  public static Manifest decode(byte[] bytes) {
    try {
      var pb = org.jicp.state.internal.proto.Manifest.parseFrom(bytes);
      List<FileInfo> fs = new ArrayList<>();
      for (var f : pb.getFileTableList()) {
        fs.add(new FileInfo(f.getRelativePath(), f.getSizeBytes(),
            Bytes.of(f.getHash().toByteArray())));
      }
      List<ChunkInfo> cs = new ArrayList<>();
      for (var c : pb.getChunkTableList()) {
        cs.add(new ChunkInfo(c.getFileIndex(), c.getSizeBytes(), c.getOffset(),
            Bytes.of(c.getHash().toByteArray())));
      }
      return new Manifest(pb.getVersion(), fs, cs);
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new MalformedEncodingException("manifest: " + e.getMessage(), e);
    }
  }

  /** The meta-manifest: hashes of the 1 MiB slices of {@link #encode()}. */
  public MetaManifest metaManifest() {
    byte[] enc = encode();
    List<Bytes> hs = new ArrayList<>();
    for (int off = 0; off < enc.length; off += CHUNK_SIZE) {
      hs.add(MetaManifest.subManifestHash(
          Arrays.copyOfRange(enc, off, Math.min(enc.length, off + CHUNK_SIZE))));
    }
    return new MetaManifest(version, hs);
  }

  /** The manifest hash: the hash of the meta-manifest. */
  public Bytes hash() {
    return metaManifest().hash();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Manifest m && m.version == version && m.files.equals(files)
        && m.chunks.equals(chunks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, files, chunks);
  }

  @Override
  public String toString() {
    return "Manifest(v" + version + ", " + files.size() + " files, " + chunks.size() + " chunks)";
  }
}
