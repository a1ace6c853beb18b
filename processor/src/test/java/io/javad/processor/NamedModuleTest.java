package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's class in a named module (module-info.java requiring javad's runtime), with private
 * fields: the processor runs on the module path, the companion reaches the private members through
 * handles (the same module needs no opens), and it compiles without module java.compiler.
 */
class NamedModuleTest {

  @TempDir Path dir;

  @Test
  void privateMembersOfAClassInANamedModule() throws Exception {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("app"));
    Files.writeString(
        src.resolve("module-info.java"),
        """
        module demo {
          requires static io.javad.annotations;
          requires io.javad.runtime;
          exports app;
        }
        """);
    Files.writeString(
        src.resolve("app/Spring.java"),
        """
        package app;

        import io.javad.Differentiable;

        public final class Spring {
          private final double k;
          private final double[] w = {1, 2};

          public Spring(double k) {
            this.k = k;
          }

          @Differentiable
          public double energy(double x) {
            double d = x - 0.5;
            return 0.5 * k * d * d + w[1] * x;
          }

          public static double slope() {
            return SpringDerivatives.energyGradient(new Spring(3), 2).x();
          }
        }
        """);
    Path runtime = jarOf("io.javad.runtime.Dual", "io.javad.runtime");
    Path annotations = jarOf("io.javad.Differentiable", "io.javad.annotations");
    Path out = dir.resolve("out");
    Path generated = dir.resolve("generated");
    Files.createDirectories(out);
    Files.createDirectories(generated);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter log = new StringWriter();
    boolean ok =
        javac
            .getTask(
                log, null, null,
                List.of(
                    "--module-path", runtime + File.pathSeparator + annotations,
                    "--processor-path", System.getProperty("java.class.path"),
                    "-d", out.toString(), "-s", generated.toString()),
                null,
                javac.getStandardFileManager(null, null, null)
                    .getJavaFileObjects(src.resolve("module-info.java"), src.resolve("app/Spring.java")))
            .call();
    assertTrue(ok, log.toString());
    String companion = Files.readString(generated.resolve("app/SpringDerivatives.java"));
    assertTrue(companion.contains("PrivateAccess.field(MethodHandles.lookup(), Spring.class, \"k\""), companion);

    ModuleFinder finder = ModuleFinder.of(out, runtime);
    Configuration cf =
        ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of("demo"));
    ModuleLayer layer =
        ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    Class<?> spring = layer.findLoader("demo").loadClass("app.Spring");
    assertEquals("demo", spring.getModule().getName());
    // d/dx (1.5 (x - 0.5)^2 + 2 x) at 2 = 3 * 1.5 + 2.
    assertEquals(6.5, (double) spring.getMethod("slope").invoke(null), 1e-15);
  }

  /** The jar holding {@code className}, or one made from its directory, named as a module. */
  private Path jarOf(String className, String moduleName) throws Exception {
    Path location =
        Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isRegularFile(location)) {
      return location;
    }
    Path jar = dir.resolve(moduleName + ".jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(new Attributes.Name("Automatic-Module-Name"), moduleName);
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> files = Files.walk(location)) {
      List<Path> entries = new ArrayList<>(files.filter(Files::isRegularFile).toList());
      for (Path p : entries) {
        out.putNextEntry(new JarEntry(location.relativize(p).toString().replace('\\', '/')));
        Files.copy(p, out);
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return jar;
  }
}
