package org.jicp.wasm;

import java.util.ArrayList;
import java.util.List;
import org.jicp.wasm.internal.binary.ByteWriter;

/** Builds small wasm modules byte by byte for tests (one memory, ic0 imports, raw bodies). */
final class ModuleBuilder {
  private final List<byte[][]> types = new ArrayList<>();
  private final List<Object[]> imports = new ArrayList<>();
  private final List<Integer> funcTypes = new ArrayList<>();
  private final List<byte[]> bodies = new ArrayList<>();
  private final List<Object[]> exports = new ArrayList<>();
  private final List<Object[]> customs = new ArrayList<>();
  private int globals;
  private int memoryFlags = 0;
  private long memMin = 1;
  private long memMax = -1;
  private final List<byte[][]> data = new ArrayList<>();
  private boolean memory = true;

  static final byte I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C;

  int type(byte[] params, byte[] results) {
    types.add(new byte[][] {params, results});
    return types.size() - 1;
  }

  /** Imports module.name with a new type; returns its function index. */
  int importFunc(String module, String name, byte[] params, byte[] results) {
    imports.add(new Object[] {module, name, type(params, results)});
    return imports.size() - 1;
  }

  /** A function with the given type and raw body (locals vector + code + end). */
  int func(byte[] params, byte[] results, byte[] body) {
    funcTypes.add(type(params, results));
    bodies.add(body);
    return imports.size() + funcTypes.size() - 1;
  }

  ModuleBuilder export(String name, int func) {
    exports.add(new Object[] {name, func});
    return this;
  }

  ModuleBuilder custom(String name, byte[] content) {
    customs.add(new Object[] {name, content});
    return this;
  }

  ModuleBuilder globals(int n) {
    globals = n;
    return this;
  }

  ModuleBuilder memory64() {
    memoryFlags = 0x04;
    return this;
  }

  /** Memory limits as encoded: flags (bit 0 max, bit 2 memory64), min, max (-1: none). */
  ModuleBuilder memoryLimits(int flags, long min, long max) {
    memoryFlags = flags;
    memMin = min;
    memMax = max;
    return this;
  }

  /** An active data segment for memory 0 with the given offset expression (without end). */
  ModuleBuilder data(byte[] offsetExpr, byte[] bytes) {
    data.add(new byte[][] {offsetExpr, bytes});
    return this;
  }

  ModuleBuilder noMemory() {
    memory = false;
    return this;
  }

  byte[] build() {
    ByteWriter out = new ByteWriter();
    out.bytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    ByteWriter t = new ByteWriter().u32(types.size());
    for (byte[][] ty : types) {
      t.u8(0x60).u32(ty[0].length).bytes(ty[0]).u32(ty[1].length).bytes(ty[1]);
    }
    out.section(1, t);
    ByteWriter im = new ByteWriter().u32(imports.size());
    for (Object[] i : imports) {
      im.name((String) i[0]).name((String) i[1]).u8(0).u32((Integer) i[2]);
    }
    out.section(2, im);
    ByteWriter f = new ByteWriter().u32(funcTypes.size());
    funcTypes.forEach(f::u32);
    out.section(3, f);
    if (memory) {
      ByteWriter m = new ByteWriter().u32(1).u8(memoryFlags).u64(memMin);
      if (memMax >= 0) {
        m.u64(memMax);
      }
      out.section(5, m);
    }
    if (globals > 0) {
      ByteWriter g = new ByteWriter().u32(globals);
      for (int i = 0; i < globals; i++) {
        g.u8(I32).u8(1).u8(0x41).sleb(i).u8(0x0B);
      }
      out.section(6, g);
    }
    ByteWriter e = new ByteWriter().u32(exports.size());
    for (Object[] x : exports) {
      e.name((String) x[0]).u8(0).u32((Integer) x[1]);
    }
    out.section(7, e);
    ByteWriter c = new ByteWriter().u32(bodies.size());
    for (byte[] b : bodies) {
      c.u32(b.length).bytes(b);
    }
    out.section(10, c);
    if (!data.isEmpty()) {
      ByteWriter d = new ByteWriter().u32(data.size());
      for (byte[][] seg : data) {
        d.u32(0).bytes(seg[0]).u8(0x0B).u32(seg[1].length).bytes(seg[1]);
      }
      out.section(11, d);
    }
    for (Object[] x : customs) {
      ByteWriter cs = new ByteWriter().name((String) x[0]).bytes((byte[]) x[1]);
      out.section(0, cs);
    }
    return out.toByteArray();
  }

  static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  static byte[] concat(byte[]... parts) {
    ByteWriter w = new ByteWriter();
    for (byte[] p : parts) {
      w.bytes(p);
    }
    return w.toByteArray();
  }

  static final byte[] NONE = new byte[0];
}
