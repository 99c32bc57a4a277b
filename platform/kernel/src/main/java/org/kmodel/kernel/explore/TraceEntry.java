package org.kmodel.kernel.explore;

/** One step of an execution: which task ran it and what it did. */
public record TraceEntry(String task, String step) {}
