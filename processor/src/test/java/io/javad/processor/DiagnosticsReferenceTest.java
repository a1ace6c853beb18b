package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.diag.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/diagnostics.md}, the reference of every message javad reports, is generated from the
 * one enum of messages, so it cannot go stale: this test fails when they differ, and {@code
 * -Djavad.docs.update=true} rewrites the page (review the diff).
 */
class DiagnosticsReferenceTest {

  private static final Path PAGE = Path.of("..", "docs", "diagnostics.md");

  static String render() {
    StringBuilder out = new StringBuilder();
    out.append("# Diagnostics reference\n\n");
    out.append("Every error and warning javad reports, as it reports it (`…` stands for the names and\n");
    out.append("types of your code). Each is reported once, at the node it is about (file, line and\n");
    out.append("column), and says what to do. Generated from `io.javad.processor.diag.Message` by\n");
    out.append("`DiagnosticsReferenceTest`; do not edit by hand.\n\n");
    out.append("| id | message |\n| --- | --- |\n");
    for (Message m : Message.values()) {
      out.append("| `").append(m.name()).append("` | ")
          .append(m.template().replace("|", "\\|")).append(" |\n");
    }
    out.append("\n## Examples\n\n");
    out.append("Code javad refuses, compiled by `DiagnosticsTest`, and what it reports (the method sits\n");
    out.append("in a class with a few helpers: `helper(double)`, `counter`, `MODE`, ...).\n");
    DiagnosticsTest.unsupportedConstructs().forEach(arguments -> {
      Object[] a = arguments.get();
      String member = ((String) a[1]).replace("^", "");
      String text = DiagnosticsTest.PREFIX + member + "\n}\n";
      com.google.testing.compile.Compilation c =
          io.javad.processor.testing.Compiler.compile(
              io.javad.processor.testing.Compiler.source("t.T", text));
      // The error (or warning) the case is about: a caller's beside its callee's, javad's beside javac's.
      javax.tools.Diagnostic<?> reported = DiagnosticsTest.reported(c, (String) a[2]);
      String message =
          reported == null
              ? "(no error)"
              : (reported.getKind() == javax.tools.Diagnostic.Kind.ERROR ? "" : "warning: ")
                  + reported.getMessage(null);
      out.append("\n### ").append(a[0]).append("\n\n```java\n").append(member)
          .append("\n```\n\n> ").append(message.replace("\n", " ")).append("\n");
    });
    return out.toString();
  }

  @Test
  void theReferenceIsTheEnum() throws IOException {
    String expected = render();
    if (Boolean.getBoolean("javad.docs.update")) {
      Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
    }
    assertEquals(expected, Files.readString(PAGE, StandardCharsets.UTF_8),
        "docs/diagnostics.md is stale: run the test with -Djavad.docs.update=true");
  }
}
