/**
 * Stand-ins for the kernel side of the plugin API, for unit tests of one plugin without a kernel or
 * a container: {@link org.kmodel.testkit.fake.FakePluginContext} (knobs, counters, events, boot
 * parameters, geometry, simulated time), {@link org.kmodel.testkit.fake.ArrayFrameTable} (frames
 * for allocator tests), {@link org.kmodel.testkit.fake.Geometries} (ready-made machine geometries),
 * {@link org.kmodel.testkit.fake.FakeArchitecture} (an architecture for any geometry) and {@link
 * org.kmodel.testkit.fake.FakeVma} (a VMA for THP-policy decisions), and for a THP policy's
 * background thread and shrinker {@link org.kmodel.testkit.fake.FakePromotionContext} (promotion,
 * demotion, the pre-zeroed pool and free blocks), {@link org.kmodel.testkit.fake.FakeAddressSpace}
 * (a process's VMAs, ranges and MMU time) and {@link org.kmodel.testkit.fake.FakeRange} (what one
 * PMD range holds).
 *
 * <p>Each fake keeps the contract the kernel keeps for the same interface (knob paths, counter
 * names, registration conflicts, errno values), so that a plugin that passes against the fakes
 * meets no surprise in a real kernel. None of them is thread-safe: plugins are called on one
 * simulation thread, and so are the fakes.
 */
package org.kmodel.testkit.fake;
