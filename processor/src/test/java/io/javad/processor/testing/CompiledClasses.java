package io.javad.processor.testing;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/** The classes of a successful in-process compilation, loaded from memory. */
public final class CompiledClasses {

  private final Compilation compilation;
  private final ClassLoader loader;

  CompiledClasses(Compilation compilation) {
    this(compilation, CompiledClasses.class.getClassLoader());
  }

  CompiledClasses(Compilation compilation, ClassLoader parent) {
    this.compilation = compilation;
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        classes.put(className(file), bytes(file));
      }
    }
    this.loader = new MemoryLoader(classes, parent);
  }

  public Compilation compilation() {
    return compilation;
  }

  public Class<?> load(String name) {
    try {
      return Class.forName(name, true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("not generated: " + name, e);
    }
  }

  /** The generated source of a class, as text. */
  /**
   * The generated code without its {@code // line 12: ...} comments, which quote the user's
   * source: for tests that look for what the code does not contain.
   */
  public String generatedCode(String className) {
    return generatedSource(className).replaceAll("(?m)^\\s*// line \\d+: .*\\n", "");
  }

  public String generatedSource(String className) {
    return compilation
        .generatedSourceFile(className)
        .map(
            f -> {
              try {
                return f.getCharContent(true).toString();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .orElseThrow(() -> new AssertionError("no generated source " + className));
  }

  static String className(JavaFileObject file) {
    String path = file.toUri().getPath();
    int start = path.indexOf("CLASS_OUTPUT/");
    String relative = start >= 0 ? path.substring(start + "CLASS_OUTPUT/".length()) : path;
    return relative.replaceAll("^/+", "").replace(".class", "").replace('/', '.');
  }

  private static byte[] bytes(JavaFileObject file) {
    try (InputStream in = file.openInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class MemoryLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    MemoryLoader(Map<String, byte[]> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
