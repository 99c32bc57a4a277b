/**
 * A kernel in a unit test, without OSGi: {@link org.kmodel.testkit.harness.KernelHarness} puts
 * plain Java plugin classes into the kernel's slots by hand and runs scenario text on them, as the
 * installed model would run it with the same plugins as bundles.
 */
package org.kmodel.testkit.harness;
