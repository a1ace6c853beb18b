package io.javad.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An estimate, from the generated source, of a method's bytecode size, so that derivative code
 * the JVM would refuse ("code too large": 64 KB per method) is reported at the user's method
 * instead of failing to compile. Calibrated on long straight-line methods, whose tangents compile
 * to about 1.15 and adjoints to about 1.4 times this estimate; a margin on top makes it err on the
 * side of reporting.
 */
public final class CodeSize {

  /** The JVM's limit on a method's code, in bytes. */
  public static final int LIMIT = 65_535;

  private static final Pattern TOKEN =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.]*|\\d+\\.?\\d*(?:[eE][-+]?\\d+)?[dDfFlL]?|\\S");

  private CodeSize() {}

  /** The estimated bytecode size of {@code method}, in bytes. */
  public static int estimate(MethodSpec method) {
    String code = method.code().toString().replaceAll("//[^\n]*", "");
    Matcher m = TOKEN.matcher(code);
    double weight = 0;
    while (m.find()) {
      char c = m.group().charAt(0);
      // A constant is ldc2_w (3 bytes); a name a load, store or call; punctuation often nothing.
      weight += Character.isDigit(c) ? 3 : Character.isJavaIdentifierStart(c) ? 1.5 : 0.5;
    }
    return (int) (weight * 1.6);
  }

  /**
   * Whether derivative code of {@code method} could come near the limit at all: its IR has more
   * than {@link #SMALL} expression nodes. The largest member measured (the golden inputs, second
   * order, 100 generated methods of 50 statements) estimated at most about 4 KB plus 25 bytes per
   * node, so below that the estimate, which prints the code and was half of javad's compile time,
   * is skipped.
   */
  public static boolean mayBeTooLarge(io.javad.processor.ir.MethodIr method) {
    return nodes(method) > SMALL;
  }

  /** The expression nodes of {@code method}'s statements. */
  static int nodes(io.javad.processor.ir.MethodIr method) {
    int[] nodes = {0};
    io.javad.processor.ir.StmtScan.forEach(method.body(), s -> {
      for (io.javad.processor.ir.Expr e : io.javad.processor.analysis.PrivateVariables.ownExpressions(s)) {
        nodes[0] += count(e);
      }
    });
    return nodes[0];
  }

  /** Expression nodes below which no generated member nears 64 KB. */
  static final int SMALL = 1500;

  private static int count(io.javad.processor.ir.Expr e) {
    int n = 1;
    for (io.javad.processor.ir.Expr child : io.javad.processor.ir.ExprScan.children(e)) {
      n += count(child);
    }
    return n;
  }

  /** Whether {@code method} would be over the JVM's limit, by the estimate. */
  public static boolean tooLarge(MethodSpec method) {
    return estimate(method) > LIMIT;
  }

  /** The JVM's limit on a method's parameter slots, {@code this} included. */
  public static final int SLOTS = 255;

  /** The parameter slots of {@code method} ({@code double} and {@code long} take two). */
  public static int slots(MethodSpec method, boolean instance) {
    int slots = instance ? 1 : 0;
    for (com.palantir.javapoet.ParameterSpec p : method.parameters()) {
      slots += p.type().equals(com.palantir.javapoet.TypeName.DOUBLE)
              || p.type().equals(com.palantir.javapoet.TypeName.LONG)
          ? 2
          : 1;
    }
    return slots;
  }

  /** The slots of a record's canonical constructor, read from its header (this included). */
  private static int recordSlots(com.palantir.javapoet.TypeSpec record) {
    String text = record.toString();
    int open = text.indexOf("record " + record.name() + "(");
    int close = text.indexOf(')', open);
    if (open < 0 || close < 0) {
      return 0;
    }
    int slots = 1;
    for (String component : text.substring(open, close).split(",")) {
      String c = component.trim();
      slots += c.matches("(?s).*\\b(double|long) \\w+$") ? 2 : 1;
    }
    return slots;
  }

  /**
   * A generated member or record constructor of {@code methods} and {@code types} over the JVM's
   * 255 parameter slots, by name; null if none.
   */
  public static String overSlots(
      java.util.List<MethodSpec> methods, java.util.List<com.palantir.javapoet.TypeSpec> types) {
    for (MethodSpec m : methods) {
      if (slots(m, false) > SLOTS) {
        return m.name();
      }
    }
    for (com.palantir.javapoet.TypeSpec t : types) {
      for (MethodSpec m : t.methodSpecs()) {
        if (m.isConstructor() && slots(m, true) > SLOTS) {
          return t.name();
        }
      }
      if (t.kind() == com.palantir.javapoet.TypeSpec.Kind.RECORD && recordSlots(t) > SLOTS) {
        return t.name();
      }
    }
    return null;
  }
}
