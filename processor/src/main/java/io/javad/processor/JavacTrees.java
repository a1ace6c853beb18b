package io.javad.processor;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Obtains javac's {@link Trees} even when a build tool wraps the processing environment: IntelliJ
 * passes a dynamic proxy, Gradle's incremental processing a delegating wrapper. Only {@code Trees}
 * comes from the unwrapped environment; the wrapped Filer and Messager stay in use so that the tools
 * keep seeing what is generated and reported.
 */
final class JavacTrees {

  private static final String[] DELEGATE_FIELDS = {"delegate", "processingEnv", "val$delegateTo"};

  private JavacTrees() {}

  /** The trees of javac underneath {@code env}, or {@code null} where there is no javac (ECJ). */
  static Trees obtain(ProcessingEnvironment env) {
    for (Object candidate = env; candidate != null; candidate = unwrap(candidate)) {
      if (candidate instanceof ProcessingEnvironment pe) {
        try {
          return Trees.instance(pe);
        } catch (IllegalArgumentException | LinkageError e) {
          // not javac's own environment: look one level deeper
        }
      }
    }
    return null;
  }

  private static Object unwrap(Object wrapper) {
    Object target = wrapper;
    if (Proxy.isProxyClass(wrapper.getClass())) {
      target = Proxy.getInvocationHandler(wrapper);
    }
    for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (String name : DELEGATE_FIELDS) {
        try {
          Field field = c.getDeclaredField(name);
          field.setAccessible(true);
          Object inner = field.get(target);
          if (inner != null && inner != wrapper) {
            return inner;
          }
        } catch (ReflectiveOperationException | RuntimeException e) {
          // field absent or inaccessible: try the next name
        }
      }
    }
    return null;
  }
}
