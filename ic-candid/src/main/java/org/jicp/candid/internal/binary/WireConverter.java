package org.jicp.candid.internal.binary;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jicp.candid.CandidType;
import org.jicp.candid.Label;
import org.jicp.candid.TypeEnv;
import org.jicp.crypto.Bytes;

/**
 * Turns a message's type table into {@link CandidType}s. Entries that close a cycle become named
 * references ({@code t0}, {@code t1}, … after their table index); all others are inlined. Works
 * without recursion on the table, so a hostile table cannot exhaust the stack.
 */
final class WireConverter {
  private final WireType[] entries;
  private final CandidType[] converted;

  WireConverter(WireType[] entries) {
    this.entries = entries;
    this.converted = new CandidType[entries.length];
    convertAll();
  }

  /** The {@link CandidType} of a wire type. */
  CandidType convert(WireType w) {
    return w.index < 0 ? w.prim : converted[w.index];
  }

  private static List<WireType> children(WireType t) {
    List<WireType> c = new ArrayList<>();
    switch (t.op) {
      case WireType.OPT, WireType.VEC -> c.add(t.inner);
      case WireType.RECORD, WireType.VARIANT -> c.addAll(List.of(t.types));
      case WireType.FUNC -> {
        c.addAll(List.of(t.args));
        c.addAll(List.of(t.rets));
      }
      case WireType.SERVICE -> c.addAll(List.of(t.methods));
      default -> {}
    }
    c.removeIf(w -> w.index < 0);
    return c;
  }

  private void convertAll() {
    int n = entries.length;
    byte[] state = new byte[n]; // 0 new, 1 on stack, 2 done
    boolean[] recursive = new boolean[n];
    int[] order = new int[n];
    int done = 0;
    int[] stack = new int[n];
    int[] next = new int[n];
    List<List<WireType>> kids = new ArrayList<>(n);
    for (WireType e : entries) {
      kids.add(children(e));
    }
    for (int root = 0; root < n; root++) {
      if (state[root] != 0) {
        continue;
      }
      int sp = 0;
      stack[sp++] = root;
      state[root] = 1;
      while (sp > 0) {
        int v = stack[sp - 1];
        List<WireType> ks = kids.get(v);
        if (next[v] < ks.size()) {
          int c = ks.get(next[v]++).index;
          if (state[c] == 0) {
            state[c] = 1;
            stack[sp++] = c;
          } else if (state[c] == 1) {
            recursive[c] = true;
          }
        } else {
          state[v] = 2;
          order[done++] = v;
          sp--;
        }
      }
    }
    TypeEnv.Builder env = TypeEnv.builder();
    CandidType.Ref[] refs = new CandidType.Ref[n];
    for (int i = 0; i < n; i++) {
      if (recursive[i]) {
        refs[i] = env.ref("t" + i);
      }
    }
    for (int k = 0; k < n; k++) {
      int i = order[k];
      CandidType body = body(entries[i], refs);
      converted[i] = body;
      if (recursive[i]) {
        env.define("t" + i, body);
      }
    }
    env.build();
    for (int i = 0; i < n; i++) {
      if (recursive[i]) {
        converted[i] = refs[i];
      }
    }
  }

  private CandidType ref(WireType w, CandidType.Ref[] refs) {
    if (w.index < 0) {
      return w.prim;
    }
    if (refs[w.index] != null) {
      return refs[w.index];
    }
    return converted[w.index];
  }

  private CandidType body(WireType t, CandidType.Ref[] refs) {
    switch (t.op) {
      case WireType.OPT:
        return new CandidType.Opt(ref(t.inner, refs));
      case WireType.VEC:
        return new CandidType.Vec(ref(t.inner, refs));
      case WireType.RECORD:
      case WireType.VARIANT:
        {
          List<CandidType.Field> fs = new ArrayList<>(t.ids.length);
          for (int i = 0; i < t.ids.length; i++) {
            fs.add(new CandidType.Field(Label.id(t.ids[i]), ref(t.types[i], refs)));
          }
          return t.op == WireType.RECORD ? new CandidType.Record(fs) : new CandidType.Variant(fs);
        }
      case WireType.FUNC:
        {
          List<CandidType> args = new ArrayList<>();
          for (WireType a : t.args) {
            args.add(ref(a, refs));
          }
          List<CandidType> rets = new ArrayList<>();
          for (WireType a : t.rets) {
            rets.add(ref(a, refs));
          }
          Set<CandidType.FuncMode> modes = EnumSet.noneOf(CandidType.FuncMode.class);
          for (int m : t.modes) {
            modes.add(CandidType.FuncMode.ofCode(m).orElseThrow());
          }
          return new CandidType.Func(args, rets, modes);
        }
      case WireType.SERVICE:
        {
          List<CandidType.Method> ms = new ArrayList<>();
          for (int i = 0; i < t.names.length; i++) {
            ms.add(new CandidType.Method(t.names[i], ref(t.methods[i], refs)));
          }
          return new CandidType.Service(ms);
        }
      default:
        return new CandidType.Future(t.op, Bytes.of(t.futureData));
    }
  }
}
