package org.kmodel.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Boots a real Felix container once for the test class, with a bundle set from a kmodel
 * installation (or an explicit list of its bundles), and hands test methods a {@link Kmodel}
 * parameter. Each test gets fresh kernels; the container is shared by the class.
 *
 * <p><b>Where the bundles come from.</b> Everything is taken from a kmodel installation (a "kmodel
 * home"): the infrastructure bundles every container starts from {@code bundles/system/} (Felix
 * SCR, FileInstall and their needs), the plugin bundles from {@code bundles/NAME.jar}, and the sets
 * from {@code conf/bundle-sets.yaml}. The installation is the one named by the {@code kmodel.home}
 * system property, else by the {@code KMODEL_HOME} environment variable, else the working
 * directory; a directory without {@code bundles/system/} and {@code conf/bundle-sets.yaml} fails
 * the class with a message saying so. The kmodel API itself is not a bundle: the container's system
 * bundle exports the API packages from the test's class path, at the versions of the API jar's
 * manifest.
 *
 * <p><b>Outside the kmodel build</b>, unpack the distribution that {@code mvn install} publishes
 * ({@code org.kmodel:kmodel-distribution:VERSION:tar.gz}, e.g. with maven-dependency-plugin's
 * {@code unpack} goal before {@code integration-test}) and pass its directory to the tests (e.g.
 * maven-failsafe-plugin's {@code <systemPropertyVariables><kmodel.home>}); or point {@code
 * kmodel.home} at any installation, such as {@code distribution/target/kmodel} of a kmodel build.
 * The bundle under test is either dropped into the watched deploy directory ({@code deploy = true}
 * and {@link Kmodel#hotDeploy}, as a user would drop the jar into a running installation),
 * installed directly ({@link Kmodel#deploy}), or built from test classes ({@link
 * org.kmodel.testkit.bundle.TestBundle}).
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
