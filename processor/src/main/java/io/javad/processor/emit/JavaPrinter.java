package io.javad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.javad.processor.ir.Callee;
import io.javad.processor.ir.Expr;
import java.util.List;

/**
 * Prints IR expressions as Java source. Parentheses appear only where Java's precedence needs them;
 * the tree's grouping is kept exactly (floating-point addition is not associative), so the
 * generated primal computes bit for bit what the user wrote.
 */
public final class JavaPrinter {

  private static final int CONDITIONAL = 1;
  private static final int UNARY = 13;
  private static final int PRIMARY = 15;

  private JavaPrinter() {}

  /**
   * The expression as one line of Java source, for labels and messages ({@code print(e).toString()}
   * would stop at the first place JavaPoet may break a line).
   */
  public static String text(Expr e) {
    return CodeBlock.of("$L\n", print(e)).toString().trim();
  }

  public static CodeBlock print(Expr e) {
    CodeBlock.Builder out = CodeBlock.builder();
    print(e, 0, out);
    return out.build();
  }

  private static void print(Expr e, int minPrecedence, CodeBlock.Builder out) {
    boolean parens = precedence(e) < minPrecedence;
    if (parens) {
      out.add("(");
    }
    printBare(e, out);
    if (parens) {
      out.add(")");
    }
  }

  private static void printBare(Expr e, CodeBlock.Builder out) {
    if (e instanceof Expr.Literal l) {
      out.add("$L", l.text());
    } else if (e instanceof Expr.Local l) {
      out.add("$N", l.variable().name());
    } else if (e instanceof Expr.StaticField f && f.handle() != null) {
      out.add("($L) $N.get()", f.type().javaName() + "[]".repeat(f.rank()), f.handle());
    } else if (e instanceof Expr.StaticField f) {
      out.add("$T.$N", className(f.packageName(), f.className()), f.name());
    } else if (e instanceof Expr.Unary u) {
      out.add("$L", u.op().symbol());
      // "- -x" and "--x" differ; a signed operand is parenthesized.
      int min = startsWithSign(u.operand()) ? PRIMARY : UNARY;
      print(u.operand(), min, out);
    } else if (e instanceof Expr.Cast c) {
      out.add("($L) ", c.type().javaName());
      print(c.operand(), UNARY, out);
    } else if (e instanceof Expr.Binary b) {
      int p = b.op().precedence();
      print(b.left(), p, out);
      // $W: JavaPoet breaks a line longer than 100 columns here, before the operator.
      out.add("$W$L ", b.op().symbol());
      print(b.right(), p + 1, out);
    } else if (e instanceof Expr.Call c) {
      if (c.bridge() != null) {
        out.add("$N(", c.bridge());
        if (c.receiver() != null) {
          out.add("$L$L", c.receiver(), c.arguments().isEmpty() ? "" : ", ");
        }
      } else if (c.receiver() != null && c.callee() != null && c.owner().equals(c.callee().companion())) {
        // A companion's member of an instance method takes the object first.
        out.add("$L.$N($L$L", owner(c.owner()), c.name(), c.receiver(), c.arguments().isEmpty() ? "" : ", ");
      } else if (c.receiver() != null) {
        out.add("$L.$N(", c.receiver(), c.name());
      } else {
        out.add("$L.$N(", owner(c.owner()), c.name());
      }
      List<Expr> args = c.arguments();
      for (int i = 0; i < args.size(); i++) {
        if (i > 0) {
          out.add(", ");
        }
        // The user's method takes its records as records; its companion's members (fComponents
        // of a method returning a record) take their components.
        boolean overComponents = c.callee() == null || c.owner().equals(c.callee().companion());
        Callee.RecordGroup group = overComponents ? null : groupAt(c.callee(), i);
        if (group != null) {
          // The method itself takes the record its generated members take as components.
          out.add("new $L(", group.className());
          for (int k = 0; k < group.size(); k++) {
            out.add(k == 0 ? "" : ", ");
            print(args.get(i + k), 0, out);
          }
          out.add(")");
          i += group.size() - 1;
          continue;
        }
        print(args.get(i), 0, out);
      }
      out.add(")");
    } else if (e instanceof Expr.InstanceField f && f.handle() != null) {
      String cast = f.type().javaName() + "[]".repeat(f.rank());
      out.add("($L) $N.get($L)", cast, f.handle(), f.receiver());
    } else if (e instanceof Expr.InstanceField f) {
      out.add(f.accessor() ? "$L.$N()" : "$L.$N", f.receiver(), f.name());
    } else if (e instanceof Expr.ObjectRef o) {
      out.add("$L", o.source());
    } else if (e instanceof Expr.Concat c) {
      // A number in parentheses, so that the joining is the function's: "n = " + (i + 1).
      for (int i = 0; i < c.parts().size(); i++) {
        Expr part = c.parts().get(i);
        out.add(i == 0 ? "" : " + ");
        if (part instanceof Expr.ObjectRef) {
          print(part, 0, out);
        } else {
          out.add("(");
          print(part, 0, out);
          out.add(")");
        }
      }
    } else if (e instanceof Expr.Ordinal o) {
      out.add("$L.ordinal()", o.receiver());
    } else if (e instanceof Expr.Accessor a) {
      out.add("$N.$N()", a.receiver(), a.component());
    } else if (e instanceof Expr.Element el) {
      print(el.array(), PRIMARY, out);
      out.add("[");
      print(el.index(), 0, out);
      out.add("]");
    } else if (e instanceof Expr.ArrayCopy c && c.rank() > 1) {
      // A matrix's copy is row by row (its clone() would share the rows).
      out.add("$L.copy(", owner("io.javad.runtime.ArrayShapes"));
      print(c.array(), 0, out);
      out.add(")");
    } else if (e instanceof Expr.ArrayCopy c) {
      print(c.array(), PRIMARY, out);
      out.add(".clone()");
    } else if (e instanceof Expr.ZerosLike z) {
      out.add("$L.zerosLike(", owner("io.javad.runtime.ArrayShapes"));
      print(z.array(), 0, out);
      out.add(")");
    } else if (e instanceof Expr.Length l) {
      print(l.array(), PRIMARY, out);
      out.add(".length");
    } else if (e instanceof Expr.NewArray n) {
      out.add("new $L", n.type().javaName());
      if (n.elements() != null) {
        out.add("[]".repeat(n.rank()) + " {");
        for (int i = 0; i < n.elements().size(); i++) {
          out.add(i == 0 ? "" : ", ");
          print(n.elements().get(i), 0, out);
        }
        out.add("}");
      } else {
        for (Expr size : n.sizes()) {
          out.add("[");
          print(size, 0, out);
          out.add("]");
        }
        out.add("[]".repeat(n.rank() - n.sizes().size()));
      }
    } else if (e instanceof Expr.Conditional c) {
      print(c.condition(), CONDITIONAL + 1, out);
      out.add(" ? ");
      print(c.whenTrue(), CONDITIONAL, out);
      out.add(" : ");
      print(c.whenFalse(), CONDITIONAL, out);
    } else {
      throw new IllegalArgumentException("unknown expression " + e);
    }
  }

  private static Callee.RecordGroup groupAt(Callee callee, int start) {
    for (Callee.RecordGroup g : callee.records()) {
      if (g.start() == start) {
        return g;
      }
    }
    return null;
  }

  /**
   * A call's owner, imported when its canonical name reads unambiguously as package and classes
   * (lower-case packages, capitalized classes); otherwise written out in full, which always works.
   */
  private static CodeBlock owner(String canonicalName) {
    try {
      return CodeBlock.of("$T", ClassName.bestGuess(canonicalName));
    } catch (IllegalArgumentException e) {
      return CodeBlock.of("$L", canonicalName);
    }
  }

  /**
   * A generated companion's name, {@code p.ModelDerivatives} or {@code p.Outer_InnerDerivatives}:
   * one class directly in its package, whatever the case of the package's names.
   */
  /**
   * {@code Owner.name} to call, or {@code name} alone where {@code owner} is null: a bridge of the
   * companion itself to a member it cannot name (a private rule).
   */
  public static CodeBlock member(String owner, String name) {
    return owner == null ? CodeBlock.of("$N", name) : CodeBlock.of("$T.$N", className(owner), name);
  }

  public static ClassName className(String companionName) {
    int dot = companionName.lastIndexOf('.');
    return dot < 0
        ? ClassName.get("", companionName)
        : ClassName.get(companionName.substring(0, dot), companionName.substring(dot + 1));
  }

  private static ClassName className(String packageName, String nestedName) {
    String[] names = nestedName.split("\\.");
    return ClassName.get(packageName, names[0], java.util.Arrays.copyOfRange(names, 1, names.length));
  }

  private static boolean startsWithSign(Expr e) {
    return e instanceof Expr.Unary
        || (e instanceof Expr.Literal l && (l.text().startsWith("-") || l.text().startsWith("+")));
  }

  static int precedence(Expr e) {
    if (e instanceof Expr.Literal l) {
      return l.text().startsWith("-") ? UNARY : PRIMARY;
    }
    if (e instanceof Expr.Unary || e instanceof Expr.Cast) {
      return UNARY;
    }
    if (e instanceof Expr.InstanceField f && f.handle() != null
        || e instanceof Expr.StaticField s && s.handle() != null) {
      return UNARY; // (double) K.get(self): a cast
    }
    if (e instanceof Expr.Binary b) {
      return b.op().precedence();
    }
    if (e instanceof Expr.Conditional) {
      return CONDITIONAL;
    }
    return PRIMARY;
  }
}
