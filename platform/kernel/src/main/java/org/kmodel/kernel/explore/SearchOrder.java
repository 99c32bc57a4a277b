package org.kmodel.kernel.explore;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The order in which the explorer takes the prefixes it has still to run. The search adds every
 * alternative of a choice point it expands; the order decides which runs next, and which the
 * helpers run ahead (those {@link #upcoming()} yields first).
 */
public interface SearchOrder {

  /** Adds a prefix to run. */
  void add(int[] prefix);

  /** The next prefix to run; call only when not {@link #isEmpty()}. */
  int[] next();

  boolean isEmpty();

  /** The prefixes still to run, those that run soonest first. */
  Iterator<int[]> upcoming();

  /**
   * Depth-first: the last prefix added runs next. Within one choice point the alternatives are
   * added last first, so the lowest index runs first.
   */
  static SearchOrder depthFirst() {
    return new SearchOrder() {
      private final Deque<int[]> stack = new ArrayDeque<>();

      @Override
      public void add(int[] prefix) {
        stack.push(prefix);
      }

      @Override
      public int[] next() {
        return stack.pop();
      }

      @Override
      public boolean isEmpty() {
        return stack.isEmpty();
      }

      @Override
      public Iterator<int[]> upcoming() {
        return stack.iterator();
      }
    };
  }
}
