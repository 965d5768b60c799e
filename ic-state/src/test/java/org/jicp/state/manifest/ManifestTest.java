package org.jicp.state.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.jicp.crypto.Bytes;
import org.jicp.state.MalformedEncodingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
  @TempDir Path dir;

  private static byte[] sha(byte[]... parts) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  private static byte[] ds(String s) {
    byte[] a = s.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[a.length + 1];
    out[0] = (byte) a.length;
    System.arraycopy(a, 0, out, 1, a.length);
    return out;
  }

  @Test
  void compute_filesAcrossChunkBoundary_followsV3Hashing() throws Exception {
    byte[] big = new byte[Manifest.CHUNK_SIZE + 10];
    big[Manifest.CHUNK_SIZE] = 1;
    Files.createDirectories(dir.resolve("b"));
    Files.write(dir.resolve("b/big.bin"), big);
    Files.write(dir.resolve("a.txt"), "hello".getBytes());
    Files.write(dir.resolve("empty"), new byte[0]);
    Files.write(dir.resolve("manifest.pbuf"), new byte[] {1});
    Manifest m = ManifestBuilder.compute(dir);
    assertThat(m.files()).extracting(FileInfo::relativePath)
        .containsExactly("a.txt", "b/big.bin", "empty");
    assertThat(m.chunks()).hasSize(3);
    ChunkInfo second = m.chunks().get(2);
    assertThat(second.fileIndex()).isEqualTo(1);
    assertThat(second.offset()).isEqualTo(Manifest.CHUNK_SIZE);
    assertThat(second.sizeBytes()).isEqualTo(10);
    byte[] tail = new byte[10];
    tail[0] = 1;
    assertThat(second.hash()).isEqualTo(Bytes.of(sha(ds("ic-state-chunk"), tail)));
    // file hash of a.txt: ds · u32(1) · u32(5) · u64(0) · chunk hash
    byte[] ch = sha(ds("ic-state-chunk"), "hello".getBytes());
    byte[] entry = ByteBuffer.allocate(4 + 4 + 8).putInt(1).putInt(5).putLong(0).array();
    assertThat(m.files().get(0).hash()).isEqualTo(Bytes.of(sha(ds("ic-state-file"), entry, ch)));
    assertThat(m.files().get(2).hash())
        .isEqualTo(Bytes.of(sha(ds("ic-state-file"), new byte[4])));
    m.validate();
    // meta-manifest hash: ds · u32 version · u32 n · hashes
    MetaManifest meta = m.metaManifest();
    assertThat(meta.subManifestHashes()).hasSize(1);
    assertThat(meta.subManifestHashes().get(0))
        .isEqualTo(Bytes.of(sha(ds("ic-state-sub-manifest"), m.encode())));
    assertThat(m.hash()).isEqualTo(Bytes.of(sha(ds("ic-state-meta-manifest"),
        ByteBuffer.allocate(8).putInt(3).putInt(1).array(),
        meta.subManifestHashes().get(0).toByteArray())));
  }

  @Test
  void encode_decode_roundTripsAndMetaManifestSplitsPastOneMiB() {
    List<FileInfo> files = new ArrayList<>();
    List<ChunkInfo> chunks = new ArrayList<>();
    Bytes h = Bytes.of(new byte[32]);
    for (int i = 0; i < 30_000; i++) {
      ChunkInfo c = new ChunkInfo(i, 1, 0, h);
      chunks.add(c);
      files.add(new FileInfo(String.format("f/%08d", i), 1, Manifest.fileHash(List.of(c))));
    }
    Manifest m = new Manifest(3, files, chunks);
    m.validate();
    byte[] enc = m.encode();
    assertThat(enc.length).isGreaterThan(Manifest.CHUNK_SIZE);
    assertThat(Manifest.decode(enc)).isEqualTo(m);
    MetaManifest meta = m.metaManifest();
    assertThat(meta.subManifestHashes())
        .hasSize((enc.length + Manifest.CHUNK_SIZE - 1) / Manifest.CHUNK_SIZE).hasSizeGreaterThan(1);
    assertThat(MetaManifest.decode(meta.encode())).isEqualTo(meta);
  }

  @Test
  void validate_alteredFileHashOrGap_throws() {
    Bytes h = Bytes.of(new byte[32]);
    ChunkInfo c = new ChunkInfo(0, 5, 0, h);
    Manifest bad = new Manifest(3, List.of(new FileInfo("x", 5, h)), List.of(c));
    assertThatThrownBy(bad::validate).isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("file hash of x");
    Manifest gap = new Manifest(3, List.of(new FileInfo("x", 6, Manifest.fileHash(List.of(c)))),
        List.of(c));
    assertThatThrownBy(gap::validate).hasMessageContaining("cover 5 of 6");
  }

  @Test
  void fileInfo_pathEscapingTheCheckpoint_isRejected() {
    Bytes h = Bytes.of(new byte[32]);
    assertThatThrownBy(() -> new FileInfo("../etc/passwd", 1, h))
        .isInstanceOf(IllegalArgumentException.class);
    Manifest.decode(new Manifest(3, List.of(), List.of()).encode()).validate();
  }

  @Test
  void fileInfo_pathsNoFileSystemAccepts_areRejectedWithAPrintableMessage() {
    Bytes h = Bytes.of(new byte[32]);
    int n = 0;
    for (String bad : new String[] {"", "/abs", "a//b", "a/", "./a", "a/./b", "a/../b", "..",
        "a\\b", "c:x", "stable_me\u0000ory/x", "tab\there", "sp ace", "del\u007f", "\u00e9t\u00e9",
        "x".repeat(4097)}) {
      assertThatThrownBy(() -> new FileInfo(bad, 1, h)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000", "\t", "\u007f"));
      n++;
    }
    assertThat(n).isEqualTo(16);
    for (String good : new String[] {"system_metadata.pbuf",
        "canister_states/00000000000000000101/stable_memory/0000000000000001.overlay"}) {
      assertThat(FileInfo.isSafeRelativePath(good)).as(good).isTrue();
    }
  }

  @Test
  void decode_pathWithANulByte_isAMalformedEncodingNotAnInvalidPath() {
    Bytes h = Bytes.of(new byte[32]);
    byte[] enc = new Manifest(3, List.of(new FileInfo("heap/abc", 0, Manifest.fileHash(List.of()))),
        List.of()).encode();
    String s = new String(enc, StandardCharsets.ISO_8859_1);
    int at = s.indexOf("heap/abc") + 5;
    enc[at] = 0;
    assertThatThrownBy(() -> Manifest.decode(enc)).isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("not a safe relative path: heap/\\u0000bc");
    assertThat(h.length()).isEqualTo(32);
  }
}
