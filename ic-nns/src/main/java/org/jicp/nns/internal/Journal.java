package org.jicp.nns.internal;

import java.util.ArrayList;
import java.util.function.Supplier;

/**
 * An undo log that makes the mutations of an NNS state machine atomic. Every change to journaled
 * state ({@link JournaledMap}, {@link JournaledList}, {@link JournaledValue}) inside {@link
 * #atomic} records how to undo it; if the body throws, the changes are undone in reverse order and
 * the exception propagates. Nested {@code atomic} calls roll back to their own start; the log is
 * cleared when the outermost call returns. Not thread-safe: a state machine handles one message at
 * a time.
 */
public final class Journal {
  private final ArrayList<Runnable> undo = new ArrayList<>();
  private int depth;

  /** Runs {@code body} atomically: all or none of its changes remain. */
  public <T> T atomic(Supplier<T> body) {
    int mark = undo.size();
    depth++;
    try {
      return body.get();
    } catch (RuntimeException | Error e) {
      rollbackTo(mark);
      throw e;
    } finally {
      depth--;
      if (depth == 0) {
        undo.clear();
      }
    }
  }

  /** Runs {@code body} atomically. */
  public void run(Runnable body) {
    atomic(
        () -> {
          body.run();
          return null;
        });
  }

  /**
   * Records how to undo a change that was just made (for journaled structures other than the ones
   * of this package).
   */
  public void record(Runnable undoAction) {
    if (depth == 0) {
      throw new IllegalStateException("journaled state changed outside Journal.atomic");
    }
    undo.add(undoAction);
  }

  /** Whether a change may be made now (inside {@link #atomic}). */
  public boolean inTransaction() {
    return depth > 0;
  }

  private void rollbackTo(int mark) {
    for (int i = undo.size() - 1; i >= mark; i--) {
      undo.remove(i).run();
    }
  }
}
