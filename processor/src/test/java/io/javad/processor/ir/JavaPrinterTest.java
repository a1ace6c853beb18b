package io.javad.processor.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.palantir.javapoet.MethodSpec;
import io.javad.processor.emit.JavaPrinter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The printer keeps the tree's grouping exactly and adds parentheses only where Java needs them. */
class JavaPrinterTest {

  private static final Expr A = local("a");
  private static final Expr B = local("b");
  private static final Expr C = local("c");

  private static Expr local(String name) {
    return new Expr.Local(new Variable(name, Type.DOUBLE, name.hashCode(), false));
  }

  private static Expr bin(BinaryOp op, Expr l, Expr r) {
    return new Expr.Binary(op, l, r, Type.DOUBLE);
  }

  /** Rendered inside a statement, as the generators use it (line wrapping needs a writer). */
  private static String print(Expr e) {
    String method =
        MethodSpec.methodBuilder("m").addStatement("r = $L", JavaPrinter.print(e)).build().toString();
    return method.substring(method.indexOf("r = ") + 4, method.lastIndexOf(';'));
  }

  @Test
  void rightOperandsOfEqualPrecedenceAreParenthesized() {
    assertEquals("a - (b - c)", print(bin(BinaryOp.SUBTRACT, A, bin(BinaryOp.SUBTRACT, B, C))));
    assertEquals("a - b - c", print(bin(BinaryOp.SUBTRACT, bin(BinaryOp.SUBTRACT, A, B), C)));
    assertEquals("a / (b * c)", print(bin(BinaryOp.DIVIDE, A, bin(BinaryOp.MULTIPLY, B, C))));
    // Floating-point addition is not associative: a + (b + c) keeps its parentheses.
    assertEquals("a + (b + c)", print(bin(BinaryOp.ADD, A, bin(BinaryOp.ADD, B, C))));
    assertEquals("(a + b) * c", print(bin(BinaryOp.MULTIPLY, bin(BinaryOp.ADD, A, B), C)));
  }

  @Test
  void signsNeverMergeIntoDecrements() {
    Expr negA = new Expr.Unary(UnaryOp.NEGATE, A, Type.DOUBLE);
    assertEquals("-(-a)", print(new Expr.Unary(UnaryOp.NEGATE, negA, Type.DOUBLE)));
    assertEquals("-(-1.0)", print(new Expr.Unary(UnaryOp.NEGATE, Expr.Literal.of(-1, Type.DOUBLE), Type.DOUBLE)));
    assertEquals("a - -1.0", print(bin(BinaryOp.SUBTRACT, A, Expr.Literal.of(-1, Type.DOUBLE))));
    assertEquals("-(a + b)", print(new Expr.Unary(UnaryOp.NEGATE, bin(BinaryOp.ADD, A, B), Type.DOUBLE)));
  }

  @Test
  void castsCallsAndConditionals() {
    assertEquals("(int) (a * b)", print(new Expr.Cast(Type.INT, bin(BinaryOp.MULTIPLY, A, B))));
    assertEquals(
        "java.lang.Math.pow(a + b, c)", // qualified outside a JavaFile; Math.pow in the companion
        print(new Expr.Call("java.lang.Math", "pow", List.of(bin(BinaryOp.ADD, A, B), C), Type.DOUBLE)));
    Expr cond = new Expr.Conditional(Algebra.compare(BinaryOp.LESS_EQUAL, A, B), A, B, Type.DOUBLE);
    assertEquals("a <= b ? a : b", print(cond));
    assertEquals("(a <= b ? a : b) * c", print(bin(BinaryOp.MULTIPLY, cond, C)));
  }

  @Test
  void algebraSimplifiesDerivativeExpressions() {
    Expr one = Expr.Literal.of(1, Type.DOUBLE);
    assertEquals(A, Algebra.multiply(one, A));
    assertEquals(null, Algebra.multiply(A, null));
    assertEquals("a - b", print(Algebra.add(A, Algebra.negate(B))));
    assertEquals("a", print(Algebra.negate(Algebra.negate(A))));
    assertEquals("a / b", print(Algebra.multiply(A, Algebra.divide(one, B))));
    assertEquals("a + b - c", print(Algebra.add(A, Algebra.subtract(B, C))));
  }
}
