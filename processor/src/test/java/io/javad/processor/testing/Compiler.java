package io.javad.processor.testing;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.javad.Differentiable;
import io.javad.processor.DifferentiableProcessor;
import io.javad.runtime.Dual;
import java.io.File;
import java.net.URISyntaxException;
import java.util.List;
import javax.tools.JavaFileObject;

/** Compiles test sources in-process with javad's processor, as a user's build would. */
public final class Compiler {

  private Compiler() {}

  public static Compilation compile(JavaFileObject... sources) {
    return javac()
        .withProcessors(new DifferentiableProcessor())
        .withOptions("-parameters")
        .withClasspath(classpath())
        .compile(sources);
  }

  /** The annotations and the runtime, which a user's compilation has on its classpath. */
  public static List<File> classpath() {
    return List.of(jarOf(Differentiable.class), jarOf(Dual.class));
  }

  /** A source file {@code p/Name.java} from its fully qualified class name and text. */
  public static JavaFileObject source(String className, String text) {
    return JavaFileObjects.forSourceString(className, text);
  }

  /** Compiles, requires success, and loads the classes. */
  public static CompiledClasses compileAndLoad(JavaFileObject... sources) {
    Compilation compilation = compile(sources);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      throw new AssertionError("compilation failed:\n" + compilation.diagnostics());
    }
    return new CompiledClasses(compilation);
  }

  private static File jarOf(Class<?> c) {
    try {
      return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
