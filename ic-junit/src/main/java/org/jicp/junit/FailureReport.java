package org.jicp.junit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jicp.candid.CandidDecoder;
import org.jicp.crypto.Bytes;
import org.jicp.replica.CallRecord;
import org.jicp.replica.Replica;
import org.jicp.replica.subnet.SubnetRuntime;
import org.jicp.types.CanisterId;

/**
 * What the replica looked like when a test failed, added to the failure as a suppressed
 * exception: the subnets (height, certified height) and the replica's time, the debug prints and
 * traps logged during the test, and the last calls of each canister during the test with their
 * results (replies printed as Candid text). No stack trace (it is not where anything happened).
 */
public final class FailureReport extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The calls shown per canister. */
  static final int CALLS_PER_CANISTER = 10;
  /** The debug log lines shown. */
  static final int LOG_LINES = 100;
  private static final int MAX_REPLY_TEXT = 300;

  private FailureReport(String text) {
    super(text, null, false, false);
  }

  /** The report of {@code replica} since {@code mark}, {@code what} being the failed step. */
  static FailureReport of(String what, Replica replica, Canisters names, Mark mark,
      String config) {
    StringBuilder b = new StringBuilder();
    b.append("jicp replica when ").append(what).append(" failed (").append(config).append(")\n");
    b.append("  time ").append(Instant.ofEpochSecond(0, replica.timeNanos())).append('\n');
    for (Replica.SubnetInfo s : replica.subnets()) {
      String h;
      try {
        SubnetRuntime rt = replica.subnet(s.id());
        h = "height " + rt.stateManager().latestStateHeight().value() + ", certified "
            + rt.stateManager().latestCertifiedHeight().value();
      } catch (RuntimeException e) {
        h = "height unknown (" + e + ")";
      }
      b.append("  subnet ").append(s.kind().name().toLowerCase(java.util.Locale.ROOT)).append(' ')
          .append(s.id()).append(": ").append(h).append(", ").append(s.nodes().size())
          .append(s.nodes().size() == 1 ? " node\n" : " nodes\n");
    }
    Map<String, CanisterId> named = names.all();
    if (!named.isEmpty()) {
      b.append("  canisters:");
      named.forEach((n, id) -> b.append(' ').append(n).append('=').append(id));
      b.append('\n');
    }
    List<String> log = replica.debugLog();
    List<String> lines = log.subList(Math.min(mark.logSize(), log.size()), log.size());
    b.append("  debug prints and traps during ").append(what).append(": ")
        .append(lines.isEmpty() ? "none" : lines.size()).append('\n');
    for (int i = Math.max(0, lines.size() - LOG_LINES); i < lines.size(); i++) {
      b.append("    ").append(withNames(lines.get(i), named)).append('\n');
    }
    Map<CanisterId, List<CallRecord>> byCanister = new LinkedHashMap<>();
    for (CallRecord c : replica.recentCalls()) {
      if (c.sequence() >= mark.callSequence()) {
        byCanister.computeIfAbsent(c.effectiveCanister(), k -> new ArrayList<>()).add(c);
      }
    }
    b.append("  calls during ").append(what).append(": ")
        .append(byCanister.isEmpty() ? "none" : "last " + CALLS_PER_CANISTER + " per canister")
        .append('\n');
    byCanister.forEach((id, calls) -> {
      b.append("    ").append(names.nameOf(id).map(n -> n + " (" + id + ")")
          .orElse(id.toString())).append(":\n");
      for (int i = Math.max(0, calls.size() - CALLS_PER_CANISTER); i < calls.size(); i++) {
        b.append("      ").append(line(calls.get(i))).append('\n');
      }
    });
    return new FailureReport(b.toString().stripTrailing());
  }

  private static String withNames(String line, Map<String, CanisterId> named) {
    for (Map.Entry<String, CanisterId> e : named.entrySet()) {
      String id = "[" + e.getValue() + "]";
      if (line.startsWith(id)) {
        return "[" + e.getKey() + "]" + line.substring(id.length());
      }
    }
    return line;
  }

  private static String line(CallRecord c) {
    StringBuilder b = new StringBuilder();
    b.append('#').append(c.sequence()).append(' ')
        .append(c.kind().name().toLowerCase(java.util.Locale.ROOT)).append(' ');
    if (!c.canister().equals(c.effectiveCanister())) {
      b.append(c.canister()).append('.');
    }
    b.append(c.method());
    if (!c.sender().isAnonymous()) {
      b.append(" from ").append(c.sender());
    }
    b.append(" -> ");
    CallRecord.Outcome o = c.outcome();
    if (o instanceof CallRecord.Replied r) {
      b.append("replied ").append(candid(r.reply()));
    } else if (o instanceof CallRecord.Rejected j) {
      b.append("rejected ").append(j.code())
          .append(j.errorCode().map(e -> " " + e).orElse("")).append(": ").append(j.message());
    } else {
      b.append(((CallRecord.Status) o).status());
    }
    return b.toString();
  }

  private static String candid(Bytes reply) {
    String text;
    try {
      text = org.jicp.candid.CandidText.printArgsAscii(
          CandidDecoder.standard().decode(reply.toByteArray()).values());
    } catch (RuntimeException e) {
      text = "0x" + reply.toHex() + " (" + reply.length() + " bytes, not Candid)";
    }
    return text.length() > MAX_REPLY_TEXT ? text.substring(0, MAX_REPLY_TEXT) + "…" : text;
  }

  /** Where a test began: the debug log's size and the next call's sequence number. */
  record Mark(int logSize, long callSequence) {
    static Mark of(Replica r) {
      List<CallRecord> calls = r.recentCalls();
      return new Mark(r.debugLog().size(),
          calls.isEmpty() ? 0 : calls.get(calls.size() - 1).sequence() + 1);
    }
  }
}
