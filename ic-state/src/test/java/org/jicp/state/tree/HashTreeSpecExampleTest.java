package org.jicp.state.tree;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.jicp.crypto.Bytes;
import org.jicp.state.testing.Vectors;
import org.junit.jupiter.api.Test;

/** The interface specification's worked example ({@code ic/ic-hashtree-example.json}). */
class HashTreeSpecExampleTest {

  private static JsonNode vector() throws Exception {
    return new ObjectMapper()
        .readTree(Files.readString(Vectors.file("ic/ic-hashtree-example.json")));
  }

  @Test
  void decodeCbor_fullExampleTree_reconstructsSpecRootHash() throws Exception {
    JsonNode v = vector();
    HashTree t = HashTree.decodeCbor(Bytes.parseHex(v.get("full_tree_cbor").asText()));
    assertThat(t.digest().toHex()).isEqualTo(v.get("root_hash").asText());
    assertThat(t.isWellFormed()).isTrue();
  }

  @Test
  void encodeCbor_decodedExample_isByteIdentical() throws Exception {
    JsonNode v = vector();
    for (String key : List.of("full_tree_cbor", "pruned_tree_cbor")) {
      byte[] cbor = Bytes.parseHex(v.get(key).asText());
      assertThat(Bytes.hex(HashTree.decodeCbor(cbor).encodeCbor())).isEqualTo(Bytes.hex(cbor));
    }
  }

  @Test
  void decodeCbor_prunedExampleTree_hasSameRootHash() throws Exception {
    JsonNode v = vector();
    HashTree t = HashTree.decodeCbor(Bytes.parseHex(v.get("pruned_tree_cbor").asText()));
    assertThat(t.digest().toHex()).isEqualTo(v.get("root_hash").asText());
  }

  @Test
  void lookup_prunedExampleTree_givesAllEightSpecResults() throws Exception {
    JsonNode v = vector();
    HashTree t = HashTree.decodeCbor(Bytes.parseHex(v.get("pruned_tree_cbor").asText()));
    int n = 0;
    for (JsonNode c : v.get("lookups_on_pruned_tree")) {
      List<String> labels = new ArrayList<>();
      c.get("path").forEach(x -> labels.add(x.asText()));
      LookupResult r = t.lookup(labels.toArray(String[]::new));
      assertThat(r.status().name()).as("lookup %s", labels)
          .isEqualToIgnoringCase(c.get("result").asText());
      if (c.has("value_utf8")) {
        assertThat(new String(r.value().toByteArray(), StandardCharsets.UTF_8))
            .isEqualTo(c.get("value_utf8").asText());
      }
      n++;
    }
    assertThat(n).isEqualTo(8);
  }

  @Test
  void witness_fullExampleForSpecPaths_equalsSpecPrunedTree() throws Exception {
    JsonNode v = vector();
    HashTree full = HashTree.decodeCbor(Bytes.parseHex(v.get("full_tree_cbor").asText()));
    List<List<Bytes>> paths = new ArrayList<>();
    for (JsonNode p : v.get("pruned_for_paths")) {
      String[] parts = p.asText().substring(1).split("/");
      paths.add(HashTree.path(parts));
    }
    assertThat(paths).as("pruned_for_paths").hasSize(3);
    HashTree w = full.witness(paths);
    assertThat(w.digest()).isEqualTo(full.digest());
    assertThat(Bytes.hex(w.encodeCbor())).isEqualTo(v.get("pruned_tree_cbor").asText());
  }
}
