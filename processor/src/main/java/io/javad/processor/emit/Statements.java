package io.javad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Variable;

/** Primal declarations and assignments as Java source, shared by both modes. */
public final class Statements {

  private Statements() {}

  /** {@code double v = init;} or {@code double v;}, with its line end. */
  public static CodeBlock declaration(Variable v, Expr init) {
    return CodeBlock.builder()
        .addStatement("$T $L", JavaTypes.of(v.javaType()), initializer(v, init))
        .build();
  }

  /** {@code a[i] = e} or {@code a[i][j] += e}, without the statement end. */
  public static CodeBlock store(Stmt.Store s) {
    String op = s.op() == null ? "=" : s.op().symbol() + "=";
    return CodeBlock.of("$L $L $L", JavaPrinter.print(s.target()), op, JavaPrinter.print(s.value()));
  }

  /** {@code v = init} or {@code v}, as in a declaration. */
  public static CodeBlock initializer(Variable v, Expr init) {
    return init == null
        ? CodeBlock.of("$N", v.name())
        : CodeBlock.of("$N = $L", v.name(), JavaPrinter.print(init));
  }

  /**
   * The assignment as written: {@code v = e}, {@code v *= e}, or {@code i++} for a step of one of an
   * integer variable. No statement end, so that it also serves in a for loop's header.
   */
  public static CodeBlock assignment(Stmt.Assign a) {
    Variable v = a.variable();
    if (a.op() == null) {
      return CodeBlock.of("$N = $L", v.name(), JavaPrinter.print(a.value()));
    }
    if (!v.type().isFloating()
        && (a.op() == BinaryOp.ADD || a.op() == BinaryOp.SUBTRACT)
        && a.value() instanceof Expr.Literal l
        && l.is(1)) {
      return CodeBlock.of("$N$L", v.name(), a.op() == BinaryOp.ADD ? "++" : "--");
    }
    return CodeBlock.of("$N $L= $L", v.name(), a.op().symbol(), JavaPrinter.print(a.value()));
  }

  /** {@code throw new E("n = " + (n));}, with its line end. */
  public static CodeBlock throwStatement(Stmt.Throw t) {
    return CodeBlock.builder()
        .addStatement(
            "throw new $T($L)", com.palantir.javapoet.ClassName.bestGuess(t.exception()),
            CodeBlock.join(t.arguments().stream().map(JavaPrinter::print).toList(), ", "))
        .build();
  }

  /**
   * Before a call that writes a row of a matrix and is passed another row of it: the check that
   * they are different arrays at run time ({@code ArrayShapes.requireDistinct(m[k], m[r],
   * "axpy(...)")}), as the callee's derivative assumes; empty for other calls.
   */
  public static CodeBlock distinctRows(Expr.Call c, java.util.function.Function<Expr, CodeBlock> print) {
    CodeBlock.Builder out = CodeBlock.builder();
    for (java.util.List<Expr> pair : io.javad.processor.ir.StmtScan.sharedRows(c)) {
      out.addStatement(
          "$T.requireDistinct($L, $L, $S, $S)",
          com.palantir.javapoet.ClassName.get("io.javad.runtime", "ArrayShapes"),
          print.apply(pair.get(0)), print.apply(pair.get(1)), JavaPrinter.text(c),
          JavaPrinter.text(pair.get(0)));
    }
    return out.build();
  }
}
