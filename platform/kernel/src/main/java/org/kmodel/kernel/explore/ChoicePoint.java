package org.kmodel.kernel.explore;

import java.util.List;

/**
 * A scheduling decision met during one execution: the tasks that could run, which one did, and a
 * hash of the state before the choice (the explorer prunes a state it has seen).
 *
 * @param enabled names of the enabled tasks, in creation order
 * @param chosen index into {@code enabled}
 * @param stateHash the state before the choice
 */
public record ChoicePoint(List<String> enabled, int chosen, long stateHash) {}
