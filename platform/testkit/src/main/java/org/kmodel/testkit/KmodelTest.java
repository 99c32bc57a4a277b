package org.kmodel.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Boots a real Felix container once for the test class, with a bundle set from the kmodel home's
 * {@code conf/bundle-sets.yaml} (or an explicit list of bundles), and hands test methods a {@link
 * Kmodel} parameter. Each test gets fresh kernels; the container is shared by the class.
 *
 * <p>The kmodel home is found through the {@code kmodel.home} system property (the distribution's
 * assembled directory in this project's own integration tests).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(KmodelExtension.class)
public @interface KmodelTest {

  /** The bundle set to boot; ignored when {@link #bundles()} is given. */
  String set() default "default";

  /** Plugin bundles to boot instead of a set, by name (e.g. {@code arch-x86_64}). */
  String[] bundles() default {};

  /**
   * Whether the container watches a temporary hot-deploy directory ({@link Kmodel#deployDir()}).
   */
  boolean deploy() default false;
}
