package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the generated source of representative methods, so that any change of style is a reviewed
 * diff. Inputs are in {@code src/test/resources/golden/input}, expected companions beside them.
 * After an intended change, regenerate with {@code mvn test -Dtest=GoldenSourceTest
 * -Djavad.golden.update=true} and review the diff.
 */
class GoldenSourceTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "Seed, SeedDerivatives",
    "Updates, UpdatesDerivatives",
    "Gaussian, GaussianDerivatives",
    "Selective, SelectiveDerivatives",
    "Outer, Outer_SpringDerivatives",
    "Loops, LoopsDerivatives",
    "Arrays, ArraysDerivatives",
    "Calls, CallsDerivatives",
    "Springs, SpringsDerivatives",
    "Iterations, IterationsDerivatives",
    "Encapsulated, EncapsulatedDerivatives",
    "Records, RecordsDerivatives",
    "Values, ValuesDerivatives",
    "OutParameters, OutParametersDerivatives",
    "SecondRules, SecondRulesDerivatives"
  })
  void generatedSourceMatchesGolden(String input, String companion) throws IOException {
    String source = Files.readString(GOLDEN.resolve("input/" + input + ".java"));
    CompiledClasses compiled = Compiler.compileAndLoad(Compiler.source("golden." + input, source));
    String actual = compiled.generatedSource("golden." + companion);
    Path expectedFile = GOLDEN.resolve(companion + ".java");
    if (Boolean.getBoolean("javad.golden.update")) {
      Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
    }
    String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      // For a diff against the golden file: target/golden-actual/<companion>.java.
      Path dump = Path.of("target/golden-actual", companion + ".java");
      Files.createDirectories(dump.getParent());
      Files.writeString(dump, actual, StandardCharsets.UTF_8);
    }
    assertEquals(expected, actual);
  }
}
