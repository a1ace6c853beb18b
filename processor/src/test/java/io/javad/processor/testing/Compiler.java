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

  /**
   * Compiles as a library is built, with {@code options} instead of {@code -parameters} and
   * {@code more} on the classpath beside javad's jars, and writes its class files to {@code into}.
   */
  public static Compilation compileTo(
      java.nio.file.Path into, List<File> more, List<String> options, JavaFileObject... sources) {
    List<File> path = new java.util.ArrayList<>(classpath());
    path.addAll(more);
    Compilation compilation =
        javac()
            .withProcessors(new DifferentiableProcessor())
            .withOptions(options)
            .withClasspath(path)
            .compile(sources);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      throw new AssertionError("compilation failed:\n" + compilation.diagnostics());
    }
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        java.nio.file.Path target = into.resolve(CompiledClasses.className(file).replace('.', '/') + ".class");
        try (java.io.InputStream in = file.openInputStream()) {
          java.nio.file.Files.createDirectories(target.getParent());
          java.nio.file.Files.write(target, in.readAllBytes());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    return compilation;
  }

  /** Compiles against a library's class files in {@code library}. */
  public static Compilation compileWith(java.nio.file.Path library, JavaFileObject... sources) {
    return javac()
        .withProcessors(new DifferentiableProcessor())
        .withOptions("-parameters")
        .withClasspath(concat(classpath(), library.toFile()))
        .compile(sources);
  }

  /** Compiles against a library's class files in {@code library}, and loads from both. */
  public static CompiledClasses compileAndLoadWith(java.nio.file.Path library, JavaFileObject... sources) {
    Compilation compilation = compileWith(library, sources);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      throw new AssertionError("compilation failed:\n" + compilation.diagnostics());
    }
    try {
      ClassLoader parent =
          new java.net.URLClassLoader(
              new java.net.URL[] {library.toUri().toURL()}, CompiledClasses.class.getClassLoader());
      return new CompiledClasses(compilation, parent);
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<File> concat(List<File> files, File more) {
    List<File> all = new java.util.ArrayList<>(files);
    all.add(more);
    return all;
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

  /**
   * The first error of compiling {@code members} in {@code package t; import io.javad.*; public
   * class M { ... }}, which must fail.
   */
  public static String firstError(String members) {
    Compilation c =
        compile(source("t.M", "package t;\nimport io.javad.*;\npublic class M {\n" + members + "\n}\n"));
    if (c.status() != Compilation.Status.FAILURE) {
      throw new AssertionError("expected a compile error:\n" + members);
    }
    return c.errors().get(0).getMessage(null);
  }
}
