/**
 * The kmodel test kit, for plugins built inside or outside the kmodel build. Three levels, from the
 * fastest to the most real:
 *
 * <ul>
 *   <li>{@link org.kmodel.testkit.fake}: one plugin against a fake kernel ({@code
 *       FakePluginContext}), no memory manager;
 *   <li>{@link org.kmodel.testkit.harness}: plugins as plain Java classes in a real kernel's slots
 *       ({@code KernelHarness}), running scenarios, no OSGi;
 *   <li>this package: {@link org.kmodel.testkit.KmodelTest}, real Felix with bundles from a kmodel
 *       installation, hot deployment included; {@link org.kmodel.testkit.bundle} builds throwaway
 *       bundles from test classes.
 * </ul>
 */
package org.kmodel.testkit;
