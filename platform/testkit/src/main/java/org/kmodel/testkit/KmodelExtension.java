package org.kmodel.testkit;

import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.kmodel.container.KmodelHome;
import org.kmodel.container.Launch;

/** The JUnit 5 extension behind {@link KmodelTest}. */
public final class KmodelExtension
    implements BeforeAllCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(KmodelExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    KmodelTest config = testClass.getAnnotation(KmodelTest.class);
    if (config == null) {
      throw new IllegalStateException(testClass + " is not annotated with @KmodelTest");
    }
    Launch launch = new Launch(KmodelHome.locate());
    List<String> bundles =
        config.bundles().length > 0
            ? List.of(config.bundles())
            : launch.sets().get(config.set()).bundles();
    Kmodel kmodel = Kmodel.boot(launch, config.set(), bundles, config.deploy());
    context.getStore(NS).put(Kmodel.class, kmodel);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Kmodel k = find(context);
    if (k != null) {
      k.closeKernels();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Kmodel.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    Kmodel k = find(e);
    if (k == null) {
      throw new IllegalStateException("no kmodel container: is the class annotated @KmodelTest?");
    }
    return k;
  }

  private static Kmodel find(ExtensionContext context) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Kmodel k = c.getStore(NS).get(Kmodel.class, Kmodel.class);
      if (k != null) {
        return k;
      }
    }
    return null;
  }
}
