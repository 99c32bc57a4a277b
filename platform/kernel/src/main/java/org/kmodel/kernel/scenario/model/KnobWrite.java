package org.kmodel.kernel.scenario.model;

/**
 * One write of a knob, from the {@code knobs:} section or a {@code set} step.
 *
 * @param where where the knob's path is written
 * @param path the knob's sysfs-like path; starts with {@code /}
 * @param value the text to write, exactly as the scenario spells it ({@code 0256} stays {@code
 *     0256}); whether the knob accepts it is the kernel's call (EINVAL)
 */
public record KnobWrite(Location where, String path, String value) {}
