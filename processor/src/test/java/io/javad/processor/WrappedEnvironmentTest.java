package io.javad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import io.javad.processor.testing.Compiler;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Build tools wrap javac's processing environment: Gradle's incremental processing in a delegating
 * class (field {@code delegate}), IntelliJ in a dynamic proxy (handler field {@code
 * val$delegateTo}). javad must still find javac's trees; where there is no javac underneath (ECJ)
 * it must say so in one error, not with a stack trace.
 */
class WrappedEnvironmentTest {

  private static final JavaFileObject MODEL =
      Compiler.source(
          "t.Model",
          """
          package t;
          import io.javad.Differentiable;
          public class Model {
            @Differentiable static double f(double x) { return x * x; }
          }
          """);

  @Test
  void gradleStyleDelegatingWrapper() {
    Compilation compilation = compileWith(GradleStyle::new);
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("t.ModelDerivatives").isNotNull();
  }

  @Test
  void intellijStyleProxy() {
    Compilation compilation = compileWith(WrappedEnvironmentTest::intellijStyle);
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("t.ModelDerivatives").isNotNull();
  }

  @Test
  void noJavacUnderneathIsOneClearError() {
    Compilation compilation = compileWith(Opaque::new);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("javad needs javac's tree API");
  }

  private static Compilation compileWith(UnaryOperator<ProcessingEnvironment> wrap) {
    return javac()
        .withProcessors(new Wrapping(wrap))
        .withClasspath(Compiler.classpath())
        .compile(MODEL);
  }

  /** Runs javad with a wrapped environment, as a build tool would. */
  private static final class Wrapping extends AbstractProcessor {
    private final DifferentiableProcessor javad = new DifferentiableProcessor();
    private final UnaryOperator<ProcessingEnvironment> wrap;

    Wrapping(UnaryOperator<ProcessingEnvironment> wrap) {
      this.wrap = wrap;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      javad.init(wrap.apply(env));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return javad.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return javad.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return javad.process(annotations, round);
    }
  }

  /** Forwards everything; holds its target where Gradle's wrapper does. */
  private static class Opaque implements ProcessingEnvironment {
    private final ProcessingEnvironment target;

    Opaque(ProcessingEnvironment target) {
      this.target = target;
    }

    @Override public Map<String, String> getOptions() { return target.getOptions(); }
    @Override public Messager getMessager() { return target.getMessager(); }
    @Override public Filer getFiler() { return target.getFiler(); }
    @Override public Elements getElementUtils() { return target.getElementUtils(); }
    @Override public Types getTypeUtils() { return target.getTypeUtils(); }
    @Override public SourceVersion getSourceVersion() { return target.getSourceVersion(); }
    @Override public Locale getLocale() { return target.getLocale(); }
  }

  private static final class GradleStyle extends Opaque {
    @SuppressWarnings("unused") // found by reflection, as in Gradle's wrapper
    private final ProcessingEnvironment delegate;

    GradleStyle(ProcessingEnvironment delegate) {
      super(delegate);
      this.delegate = delegate;
    }
  }

  private static ProcessingEnvironment intellijStyle(ProcessingEnvironment env) {
    return (ProcessingEnvironment)
        Proxy.newProxyInstance(
            WrappedEnvironmentTest.class.getClassLoader(),
            new Class<?>[] {ProcessingEnvironment.class},
            new IntellijHandler(env));
  }

  /** IntelliJ's handler is an anonymous class capturing {@code delegateTo}. */
  private static final class IntellijHandler implements InvocationHandler {
    @SuppressWarnings("unused")
    private final ProcessingEnvironment val$delegateTo;

    IntellijHandler(ProcessingEnvironment delegateTo) {
      this.val$delegateTo = delegateTo;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      return method.invoke(val$delegateTo, args);
    }
  }
}
