package org.jicp.candid.internal.binary;

import java.nio.charset.StandardCharsets;

/**
 * The header of a binary message (Candid spec, "Parameters and Results"): the magic {@code DIDL},
 * the type table {@code T*(<comptype>*)} and the argument types {@code I*(<datatype>*)}. Reading
 * checks every rule of the format: composite types only in the table, primitive types only inline,
 * indices in range, field ids below 2^32 and strictly increasing, method names valid UTF-8 and
 * strictly increasing, method types that are functions, known function annotations, and lengths
 * that fit the bytes left (so no declared length can cause a large allocation).
 */
public final class WireTable {
  private static final byte[] MAGIC = {'D', 'I', 'D', 'L'};

  /** The type table entries. */
  final WireType[] entries;
  /** The argument types. */
  final WireType[] args;

  private WireTable(WireType[] entries, WireType[] args) {
    this.entries = entries;
    this.args = args;
  }

  /** The number of arguments. */
  public int argCount() {
    return args.length;
  }

  /** The number of type table entries. */
  public int size() {
    return entries.length;
  }

  /** Reads the header; the reader is left at the first value. */
  public static WireTable read(ByteReader r) {
    if (!r.startsWith(MAGIC)) {
      throw r.error("a Candid message starts with the magic bytes DIDL");
    }
    r.skip(4);
    long n = r.leb();
    if (Long.compareUnsigned(n, r.remaining() / 2) > 0) {
      throw r.error(
          "type table of " + Long.toUnsignedString(n) + " entries cannot fit in the "
              + r.remaining() + " bytes left");
    }
    int count = (int) n;
    int[] ops = new int[count];
    Object[] raw = new Object[count];
    int[] starts = new int[count];
    for (int i = 0; i < count; i++) {
      starts[i] = r.position();
      long op = r.sleb();
      if (op >= WireType.SERVICE && op <= WireType.OPT) {
        ops[i] = (int) op;
        raw[i] = readComposite(r, (int) op, count, i);
      } else if (op < -24) {
        if (op < Integer.MIN_VALUE) {
          throw ByteReader.errorAt(starts[i], "type opcode " + op + " is out of range");
        }
        ops[i] = (int) op;
        long len = r.leb();
        r.require(len, "future type of length " + Long.toUnsignedString(len));
        raw[i] = r.bytes((int) len);
      } else if (op >= 0) {
        throw ByteReader.errorAt(
            starts[i],
            "type table entry " + i + " is a reference to entry " + op
                + "; table entries must be composite types");
      } else {
        throw ByteReader.errorAt(
            starts[i],
            "type table entry " + i + " has the primitive opcode " + op
                + "; primitive types are written inline, not in the table");
      }
    }
    WireType[] entries = new WireType[count];
    for (int i = 0; i < count; i++) {
      entries[i] = new WireType(ops[i], i);
    }
    for (int i = 0; i < count; i++) {
      link(entries[i], raw[i], entries, starts[i]);
    }
    computeMinSizes(entries);
    long m = r.leb();
    if (Long.compareUnsigned(m, r.remaining()) > 0) {
      throw r.error(
          "argument list of " + Long.toUnsignedString(m) + " types cannot fit in the "
              + r.remaining() + " bytes left");
    }
    WireType[] args = new WireType[(int) m];
    for (int i = 0; i < args.length; i++) {
      args[i] = resolve(readRef(r, count), entries);
    }
    return new WireTable(entries, args);
  }

  /** Raw content of a composite entry, with type references still as table indices/opcodes. */
  private record RawFields(long[] ids, long[] refs) {}

  private record RawFunc(long[] args, long[] rets, int[] modes) {}

  private record RawService(String[] names, long[] refs, int[] refPositions) {}

  private static Object readComposite(ByteReader r, int op, int count, int entry) {
    switch (op) {
      case WireType.OPT, WireType.VEC:
        return new long[] {readRef(r, count)};
      case WireType.RECORD, WireType.VARIANT:
        {
          String kind = op == WireType.RECORD ? "record" : "variant";
          long n = r.leb();
          if (Long.compareUnsigned(n, r.remaining() / 2) > 0) {
            throw r.error(
                kind + " of " + Long.toUnsignedString(n) + " fields cannot fit in the "
                    + r.remaining() + " bytes left");
          }
          long[] ids = new long[(int) n];
          long[] refs = new long[(int) n];
          for (int k = 0; k < n; k++) {
            int at = r.position();
            long id = r.leb();
            if (Long.compareUnsigned(id, 0xFFFF_FFFFL) > 0) {
              throw ByteReader.errorAt(
                  at, kind + " field id " + Long.toUnsignedString(id) + " does not fit in 32 bits");
            }
            if (k > 0 && id <= ids[k - 1]) {
              throw ByteReader.errorAt(
                  at,
                  kind + " field id " + id + (id == ids[k - 1] ? " appears twice" : " is not sorted")
                      + " (type table entry " + entry + ")");
            }
            ids[k] = id;
            refs[k] = readRef(r, count);
          }
          return new RawFields(ids, refs);
        }
      case WireType.FUNC:
        {
          long[] args = readRefs(r, count, "function parameter list");
          long[] rets = readRefs(r, count, "function result list");
          long nm = r.leb();
          if (Long.compareUnsigned(nm, r.remaining()) > 0) {
            throw r.error("function annotation list of " + Long.toUnsignedString(nm)
                + " entries cannot fit in the " + r.remaining() + " bytes left");
          }
          int[] modes = new int[(int) nm];
          for (int k = 0; k < nm; k++) {
            int at = r.position();
            int b = r.u8();
            if (b < 1 || b > 3) {
              throw ByteReader.errorAt(at, "unknown function annotation " + b);
            }
            modes[k] = b;
          }
          boolean oneway = false;
          for (int md : modes) {
            oneway |= md == 2;
          }
          if (oneway && rets.length > 0) {
            throw r.error("a oneway function has no results (type table entry " + entry + ")");
          }
          return new RawFunc(args, rets, modes);
        }
      case WireType.SERVICE:
        {
          long n = r.leb();
          if (Long.compareUnsigned(n, r.remaining() / 2) > 0) {
            throw r.error(
                "service of " + Long.toUnsignedString(n) + " methods cannot fit in the "
                    + r.remaining() + " bytes left");
          }
          String[] names = new String[(int) n];
          long[] refs = new long[(int) n];
          int[] positions = new int[(int) n];
          int prevStart = -1;
          int prevLen = 0;
          for (int k = 0; k < n; k++) {
            long len = r.leb();
            r.require(len, "method name of length " + Long.toUnsignedString(len));
            int at = r.position();
            names[k] = r.utf8((int) len);
            if (prevStart >= 0) {
              int c = r.compareRanges(prevStart, prevLen, at, (int) len);
              if (c >= 0) {
                throw ByteReader.errorAt(
                    at,
                    "service method " + org.jicp.candid.internal.text.TextPrinter.name(names[k])
                        + (c == 0 ? " appears twice" : " is not sorted by name"));
              }
            }
            prevStart = at;
            prevLen = (int) len;
            positions[k] = r.position();
            refs[k] = readRef(r, count);
          }
          return new RawService(names, refs, positions);
        }
      default:
        throw new IllegalStateException("not a composite opcode: " + op);
    }
  }

  private static long[] readRefs(ByteReader r, int count, String what) {
    long n = r.leb();
    if (Long.compareUnsigned(n, r.remaining()) > 0) {
      throw r.error(what + " of " + Long.toUnsignedString(n) + " types cannot fit in the "
          + r.remaining() + " bytes left");
    }
    long[] refs = new long[(int) n];
    for (int k = 0; k < n; k++) {
      refs[k] = readRef(r, count);
    }
    return refs;
  }

  /** {@code I(<datatype>)}: a table index or an inline primitive opcode. */
  private static long readRef(ByteReader r, int count) {
    int at = r.position();
    long v = r.sleb();
    if (v >= 0) {
      if (v >= count) {
        throw ByteReader.errorAt(
            at, "type index " + v + " is out of range (the table has " + count + " entries)");
      }
      return v;
    }
    if (WireType.primitive(v) == null) {
      throw ByteReader.errorAt(
          at,
          "opcode " + v + " is not a primitive type; "
              + (v < -24 ? "future types" : "composite types") + " must be in the type table");
    }
    return v;
  }

  private static WireType resolve(long ref, WireType[] entries) {
    return ref >= 0 ? entries[(int) ref] : WireType.primitive(ref);
  }

  private static WireType[] resolveAll(long[] refs, WireType[] entries) {
    WireType[] out = new WireType[refs.length];
    for (int i = 0; i < refs.length; i++) {
      out[i] = resolve(refs[i], entries);
    }
    return out;
  }

  private static void link(WireType t, Object raw, WireType[] entries, int start) {
    switch (t.op) {
      case WireType.OPT, WireType.VEC -> t.inner = resolve(((long[]) raw)[0], entries);
      case WireType.RECORD, WireType.VARIANT -> {
        RawFields f = (RawFields) raw;
        t.ids = f.ids();
        t.types = resolveAll(f.refs(), entries);
      }
      case WireType.FUNC -> {
        RawFunc f = (RawFunc) raw;
        t.args = resolveAll(f.args(), entries);
        t.rets = resolveAll(f.rets(), entries);
        t.modes = f.modes();
      }
      case WireType.SERVICE -> {
        RawService s = (RawService) raw;
        t.names = s.names();
        t.methods = resolveAll(s.refs(), entries);
        for (int k = 0; k < t.methods.length; k++) {
          if (t.methods[k].op != WireType.FUNC) {
            throw ByteReader.errorAt(
                s.refPositions()[k],
                "service method " + org.jicp.candid.internal.text.TextPrinter.name(t.names[k]) + " has type " + t.methods[k].describe()
                    + ", not a function");
          }
        }
      }
      default -> t.futureData = (byte[]) raw;
    }
  }

  /** Lower bounds of value sizes; records need a few rounds because they nest. */
  private static void computeMinSizes(WireType[] entries) {
    for (int round = 0; round < 4; round++) {
      boolean changed = false;
      for (WireType t : entries) {
        if (t.op == WireType.RECORD) {
          long sum = 0;
          for (WireType f : t.types) {
            sum += f.minSize;
          }
          int v = (int) Math.min(sum, 1 << 20);
          if (v != t.minSize) {
            t.minSize = v;
            changed = true;
          }
        }
      }
      if (!changed) {
        return;
      }
    }
  }

  /** Checks that {@code bytes} starts like a Candid message (for callers that sniff input). */
  public static boolean hasMagic(byte[] bytes) {
    return bytes.length >= 4
        && new String(bytes, 0, 4, StandardCharsets.ISO_8859_1).equals("DIDL");
  }
}
