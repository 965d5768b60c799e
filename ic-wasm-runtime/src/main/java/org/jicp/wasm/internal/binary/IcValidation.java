package org.jicp.wasm.internal.binary;

import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.wasm.InvalidWasmException;
import org.jicp.wasm.internal.exec.Ic0;

/**
 * The IC's rules for canister modules on top of WebAssembly validation (interface specification,
 * "Canister module format"; {@code rs/embedders/src/wasm_utils/validation.rs}).
 */
public final class IcValidation {
  /** Largest (uncompressed) module: 100 MiB ({@code WASM_MAX_SIZE}). */
  public static final int MAX_MODULE_BYTES = 100 << 20;
  /** Largest wasm64 heap: 6 GiB ({@code MAX_WASM64_MEMORY_IN_BYTES}). */
  public static final long MAX_WASM64_MEMORY_BYTES = 6L << 30;
  /** Largest code section: 10 MiB. */
  public static final int MAX_CODE_SECTION_BYTES = 10 << 20;
  /** Most functions: 50,000 ({@code MAX_FUNCTIONS}). */
  public static final int MAX_FUNCTIONS = 50_000;
  /** Most globals: 1,000 ({@code MAX_GLOBALS}). */
  public static final int MAX_GLOBALS = 1_000;
  /** Most {@code icp:} custom sections: 16. */
  public static final int MAX_ICP_CUSTOM_SECTIONS = 16;
  /** Largest total size of {@code icp:} custom sections: 1 MiB. */
  public static final int MAX_ICP_CUSTOM_SECTIONS_BYTES = 1 << 20;
  /** Most exported update/query/composite query methods: 1,000. */
  public static final int MAX_EXPORTED_METHODS = 1_000;
  /** Largest sum of exported method name lengths: 20,000. */
  public static final int MAX_EXPORTED_NAMES_BYTES = 20_000;

  private static final Set<String> PLAIN_ENTRY_POINTS = Set.of("canister_init",
      "canister_pre_upgrade", "canister_post_upgrade", "canister_heartbeat",
      "canister_global_timer", "canister_inspect_message", "canister_on_low_wasm_memory");

  /** What validation learned: the methods and the metadata sections. */
  public record Info(Set<String> updates, Set<String> queries, Set<String> compositeQueries,
      Set<String> entryPoints, SortedMap<String, byte[]> publicMetadata,
      SortedMap<String, byte[]> privateMetadata) {}

  private IcValidation() {}

  /** Checks every IC rule; throws {@link InvalidWasmException} naming the first one broken. */
  public static Info validate(ParsedModule m) {
    if (m.codeSectionSize > MAX_CODE_SECTION_BYTES) {
      throw new InvalidWasmException("code section size", "code section",
          m.codeSectionSize + " bytes exceed the limit of " + MAX_CODE_SECTION_BYTES);
    }
    if (m.functionTypes.length > MAX_FUNCTIONS) {
      throw new InvalidWasmException("function count", "function section",
          m.functionTypes.length + " functions exceed the limit of " + MAX_FUNCTIONS);
    }
    if (m.definedGlobals + m.importedGlobals > MAX_GLOBALS) {
      throw new InvalidWasmException("global count", "global section",
          (m.definedGlobals + m.importedGlobals) + " globals exceed the limit of " + MAX_GLOBALS);
    }
    if (m.importedMemories + m.definedMemories > 1) {
      throw new InvalidWasmException("memory count", "memory section",
          "a canister module declares or imports at most one memory");
    }
    if (m.memory64) {
      long allowed = MAX_WASM64_MEMORY_BYTES / 65536;
      if (m.memoryMax > allowed || m.memoryMin > allowed) {
        long declared = Math.max(m.memoryMax, m.memoryMin);
        throw new InvalidWasmException("wasm memory size", "memory section",
            "Wasm memory too large: declared " + declared + " pages, allowed " + allowed
                + " pages (6 GiB)");
      }
    }
    for (int i = 0; i < m.dataOffsets.length; i++) {
      if (m.dataActive[i] && m.dataOffsetConst[i]) {
        long end = m.dataOffsets[i] + m.dataSizes[i];
        if (Long.compareUnsigned(m.dataOffsets[i], m.memoryMin * 65536) > 0
            || Long.compareUnsigned(end, m.dataOffsets[i]) < 0 || end > m.memoryMin * 65536) {
          throw new InvalidWasmException("data segment bounds", "data segment " + i,
              "segment of " + m.dataSizes[i] + " bytes at offset "
                  + Long.toUnsignedString(m.dataOffsets[i]) + " does not fit the initial memory of "
                  + m.memoryMin + " pages");
        }
      }
      if (m.dataActive[i] && !m.dataOffsetConst[i]) {
        throw new InvalidWasmException("data segment offset", "data segment " + i,
            "Invalid offset expression in data segment for " + (m.memory64 ? "64" : "32")
                + "bit memory: must be a single " + (m.memory64 ? "i64" : "i32") + ".const");
      }
    }
    for (int t : m.functionTypes) {
      if (t >= m.types.size()) {
        throw new InvalidWasmException("type index", "function section",
            "type index " + t + " out of range");
      }
    }
    for (ParsedModule.Import im : m.imports) {
      String loc = "import '" + im.module() + "." + im.name() + "'";
      if (!im.module().equals("ic0")) {
        throw new InvalidWasmException("import module", loc,
            "a canister may import only from module 'ic0'");
      }
      if (im.kind() != 0) {
        throw new InvalidWasmException("import kind", loc, "only functions may be imported");
      }
      Ic0.Function f = Ic0.get(im.name());
      if (f != null && m.memory64 && Ic0.WASM32_ONLY.contains(im.name())) {
        throw new InvalidWasmException("unknown ic0 function", loc, "Module imports function '"
            + im.name() + "' from 'ic0' that is not exported by the runtime (it is available to "
            + "wasm32 modules only).");
      }
      if (f == null) {
        throw new InvalidWasmException("unknown ic0 function", loc,
            "ic0 has no function '" + im.name() + "'");
      }
      if (im.typeIndex() >= m.types.size()) {
        throw new InvalidWasmException("type index", loc, "type index out of range");
      }
      ParsedModule.FuncType want = new ParsedModule.FuncType(Ic0.types(f.params(), m.memory64),
          Ic0.types(f.results(), m.memory64));
      ParsedModule.FuncType got = m.types.get(im.typeIndex());
      if (!want.equals(got)) {
        throw new InvalidWasmException("import signature", loc,
            "expected " + want + ", found " + got);
      }
    }
    Set<String> updates = new HashSet<>();
    Set<String> queries = new HashSet<>();
    Set<String> composite = new HashSet<>();
    Set<String> entry = new HashSet<>();
    Set<String> exportNames = new HashSet<>();
    long nameBytes = 0;
    for (ParsedModule.Export e : m.exports) {
      String loc = "export '" + e.name() + "'";
      if (!exportNames.add(e.name())) {
        throw new InvalidWasmException("duplicate export", loc, "exported twice");
      }
      if (e.name().startsWith("canister counter_") || e.name().equals("canister_start")) {
        throw new InvalidWasmException("reserved export", loc, "the name is reserved by the IC");
      }
      if (!e.name().startsWith("canister_")) {
        continue;
      }
      if (e.kind() != 0) {
        throw new InvalidWasmException("entry point kind", loc, "must be a function");
      }
      if (e.index() >= m.functionCount()) {
        throw new InvalidWasmException("function index", loc, "index out of range");
      }
      ParsedModule.FuncType ft = m.functionType(e.index());
      if (ft.params().length != 0 || ft.results().length != 0) {
        throw new InvalidWasmException("entry point type", loc,
            "must have type () -> (), found " + ft);
      }
      String name = e.name();
      String method = null;
      Set<String> into = null;
      if (name.startsWith("canister_update ")) {
        method = name.substring("canister_update ".length());
        into = updates;
      } else if (name.startsWith("canister_query ")) {
        method = name.substring("canister_query ".length());
        into = queries;
      } else if (name.startsWith("canister_composite_query ")) {
        method = name.substring("canister_composite_query ".length());
        into = composite;
      } else if (PLAIN_ENTRY_POINTS.contains(name)) {
        entry.add(name);
        continue;
      } else {
        throw new InvalidWasmException("unknown entry point", loc,
            "the IC knows no exported function '" + name + "'");
      }
      if (updates.contains(method) || queries.contains(method) || composite.contains(method)) {
        throw new InvalidWasmException("duplicate method", loc,
            "method '" + method + "' is exported as more than one of update, query and "
                + "composite query");
      }
      into.add(method);
      nameBytes += method.length();
    }
    int methods = updates.size() + queries.size() + composite.size();
    if (methods > MAX_EXPORTED_METHODS) {
      throw new InvalidWasmException("exported method count", "export section",
          methods + " methods exceed the limit of " + MAX_EXPORTED_METHODS);
    }
    if (nameBytes > MAX_EXPORTED_NAMES_BYTES) {
      throw new InvalidWasmException("exported method names size", "export section",
          nameBytes + " bytes exceed the limit of " + MAX_EXPORTED_NAMES_BYTES);
    }
    SortedMap<String, byte[]> pub = new TreeMap<>();
    SortedMap<String, byte[]> priv = new TreeMap<>();
    int icp = 0;
    long icpBytes = 0;
    for (ParsedModule.Section s : m.customSections()) {
      if (!s.name().startsWith("icp:")) {
        continue;
      }
      String loc = "custom section '" + s.name() + "'";
      icp++;
      byte[] content = java.util.Arrays.copyOfRange(m.bytes, s.contentStart(), s.end());
      String rest;
      SortedMap<String, byte[]> into;
      if (s.name().startsWith("icp:public ")) {
        rest = s.name().substring("icp:public ".length());
        into = pub;
      } else if (s.name().startsWith("icp:private ")) {
        rest = s.name().substring("icp:private ".length());
        into = priv;
      } else {
        throw new InvalidWasmException("icp custom section name", loc,
            "must be 'icp:public <name>' or 'icp:private <name>'");
      }
      if (pub.containsKey(rest) || priv.containsKey(rest)) {
        throw new InvalidWasmException("duplicate icp custom section", loc,
            "name '" + rest + "' is declared twice");
      }
      into.put(rest, content);
      icpBytes += content.length + rest.length();
    }
    if (icp > MAX_ICP_CUSTOM_SECTIONS) {
      throw new InvalidWasmException("icp custom section count", "custom sections",
          icp + " icp: sections exceed the limit of " + MAX_ICP_CUSTOM_SECTIONS);
    }
    if (icpBytes > MAX_ICP_CUSTOM_SECTIONS_BYTES) {
      throw new InvalidWasmException("icp custom section size", "custom sections",
          icpBytes + " bytes exceed the limit of " + MAX_ICP_CUSTOM_SECTIONS_BYTES);
    }
    return new Info(Set.copyOf(updates), Set.copyOf(queries), Set.copyOf(composite),
        Set.copyOf(entry), pub, priv);
  }

}
