package org.jicp.candid.internal.binary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jicp.candid.CandidType;
import org.jicp.candid.InvalidValueException;

/**
 * Builds the type table of a message (Candid spec, "Binary Format", {@code T} and {@code I}):
 * every composite type gets one entry, shared by identity, and references to named types resolve
 * to the entry of their definition, so recursive types close on themselves.
 */
public final class TypeTableBuilder {
  private final Map<CandidType, Integer> index = new IdentityHashMap<>();
  private final List<byte[]> entries = new ArrayList<>();

  /** {@code I(t)}: the inline opcode of a primitive, or the index of a composite's entry. */
  public int ref(CandidType t0) {
    CandidType t = t0.resolve();
    if (t instanceof CandidType.Primitive p) {
      return p.opcode();
    }
    Integer i = index.get(t);
    if (i != null) {
      return i;
    }
    if (t instanceof CandidType.Future) {
      throw new InvalidValueException("a future type cannot be encoded: " + t);
    }
    int idx = entries.size();
    index.put(t, idx);
    entries.add(null);
    ByteWriter w = new ByteWriter(16);
    if (t instanceof CandidType.Opt o) {
      w.sleb(WireType.OPT);
      w.sleb(ref(o.inner()));
    } else if (t instanceof CandidType.Vec v) {
      w.sleb(WireType.VEC);
      w.sleb(ref(v.element()));
    } else if (t instanceof CandidType.Record r) {
      w.sleb(WireType.RECORD);
      fields(w, r.fields());
    } else if (t instanceof CandidType.Variant v) {
      w.sleb(WireType.VARIANT);
      fields(w, v.cases());
    } else if (t instanceof CandidType.Func f) {
      w.sleb(WireType.FUNC);
      w.leb(f.args().size());
      for (CandidType a : f.args()) {
        w.sleb(ref(a));
      }
      w.leb(f.results().size());
      for (CandidType a : f.results()) {
        w.sleb(ref(a));
      }
      w.leb(f.modes().size());
      for (CandidType.FuncMode m : f.modes()) {
        w.u8(m.code());
      }
    } else if (t instanceof CandidType.Service s) {
      w.sleb(WireType.SERVICE);
      w.leb(s.methods().size());
      for (CandidType.Method m : s.methods()) {
        byte[] name = m.name().getBytes(StandardCharsets.UTF_8);
        w.leb(name.length);
        w.bytes(name);
        w.sleb(ref(m.type()));
      }
    }
    entries.set(idx, w.toByteArray());
    return idx;
  }

  private void fields(ByteWriter w, List<CandidType.Field> fs) {
    w.leb(fs.size());
    for (CandidType.Field f : fs) {
      w.leb(f.label().id());
      w.sleb(ref(f.type()));
    }
  }

  /** Writes {@code T*(<comptype>*)}. */
  public void writeTo(ByteWriter out) {
    out.leb(entries.size());
    for (byte[] e : entries) {
      out.bytes(e);
    }
  }
}
