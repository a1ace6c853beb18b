package io.javad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.javad.processor.testing.Compiler;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every construct outside the supported subset gets exactly one compile error, at the offending
 * node (file, line, column), saying what is unsupported and what to do; never a stack trace, never
 * a generated class that fails to compile.
 */
class DiagnosticsTest {

  /**
   * One case: a method body (or a whole member) with the marker {@code ^} just before the node the
   * error must point at, and a piece of the expected message, which exactly one error (or warning)
   * says; the compilation has that one error, unless the case gives how many it has in all.
   */
  static Stream<Arguments> unsupportedConstructs() {
    return Stream.of(
        body("labeled block", "^done: { x = 2 * x; } return x;", "labels are supported on loops only"),
        body(
            "switch on a String chosen by ?:",
            "switch ^(x > 0 ? MODE : \"b\") { case \"a\": x = 2 * x; break; default: break; } return x;",
            "this switch on a String is not supported; javad switches on a String parameter, field or record component"),
        body(
            "switch on a boxed integer",
            "switch ^(COUNT) { case 1: x = 2 * x; break; default: break; } return x;",
            "switch on a java.lang.Integer is not supported"),
        body(
            "break inside a switch case",
            "int k = (int) x; switch (k) { case 1: if (x > 2) { if (x > 3) { ^break; } x += 1; }"
                + " x *= 2; x *= 2; x *= 2; x *= 2; x *= 2; x *= 2; x *= 2; x *= 2; x *= 2; x *= 2;"
                + " x *= 2; x *= 2; x *= 2; break; } return x;",
            "this break out of a switch from inside a case is not supported: the statements after"
                + " it would be copied"),
        body("local class", "^class Local { } return x;", "local classes are not supported"),
        body("assert that calls", "assert helper(x) ^> 0; return x;", "this assert's condition or message assigns or calls a method"),
        body(
            "yield before the end of its arm",
            "double y = switch ((int) x) { case 0 -> { if (x > 1) { ^yield x; } x = 2 * x; yield x; } default -> x; }; return y;",
            "a yield must end its arm of the switch"),
        body(
            "choice between arrays with a call in its condition",
            "double[] a = {x, 1}; double[] b = {1, x}; return sum(a) * sum(helper(x) > 0 ^? a : b);",
            "this choice between arrays has a condition that calls helper"),
        member(
            "choice between arrays passed to a method returning an array",
            "@Differentiable static double[] copied(double[] v) { double[] r = v.clone(); return r; }"
                + " @Differentiable static double f(double x) { double[] a = {x, 1}; double[] b = {1, x};"
                + " double[] ^c = copied(x > 0 ? a : b); return c[0]; }",
            "the array (a or b), chosen by ?:, is used here as a whole"),
        member(
            "helper writing an array it is given",
            "static int sorted(double[] a) { java.util.Arrays.sort(a); return 0; } @Differentiable static double f(double x) { double[] g = {2, 1}; return x * g[^sorted(g)]; }",
            "it is given an array, which javad passes to a method without derivatives only as data"),
        member(
            "helper given an active array",
            "static double total(double[] a) { return a[0] + a[1]; } @Differentiable static double f(double x) { double[] g = {x, 1}; return ^total(g); }",
            "passes an array that depends on an active input to T.total"),
        body("array method", "double[] a = {x}; java.util.Arrays^.sort(a); return a[0];", "call to Arrays.sort is not supported"),
        body("copyOf as an argument", "double[] a = {x, x}; double[] b = new double[2]; axpy(x, java.util.Arrays^.copyOf(a, 2), b); return b[0];", "java.util.Arrays.copyOf is read where it initializes a local array"),
        body("arraycopy of a matrix", "double[][] a = {{x}}; double[][] b = new double[1][1]; System.arraycopy^(a, 0, b, 0, 1); return b[0][0];", "System.arraycopy copies a one-dimensional array here"),
        member(
            "matrix returned built of existing rows",
            "@Differentiable static double[][] f(double[] a, double[] b) { ^return new double[][] {a, b}; }",
            "the matrix returned is built of existing arrays as rows"),
        body("copy of a matrix with copyOf", "double[][] m = {{x, x}, {x, x}}; double[][] r = java.util.Arrays.copyOf^(m, 2); return r[0][0];", "Arrays.copyOf copies a one-dimensional array here"),
        member("method reference", "@Differentiable final double f(double x) { double[] a = {x}; return java.util.Arrays.stream(a).map(^other::helperOf).sum(); }", "this method reference is not supported in @Differentiable methods, which inline references to static methods"),
        member("method reference called", "@Differentiable final double f(double x) { java.util.function.DoubleUnaryOperator f = ^this::helperOf; return f.applyAsDouble(x); }", "this method reference is not supported"),
        body("reference to a helper without derivatives", "java.util.function.DoubleUnaryOperator f = ^T::helper; return f.applyAsDouble(x);", "passes a value that depends on an active input to T.helper"),
        body("ranged stream", "double[] a = {x, x}; return java.util.Arrays.stream^(a, 0, 1).sum();", "give Arrays.stream the whole array"),
        body("three-dimensional array", "double[][][] ^c = new double[1][1][1]; return x;", "local variable c has type double[][][]"),
        body("copy of a matrix", "double[][] m = {{x, x}}; double[][] c = m^.clone(); return c[0][0];", "m.clone() of a matrix shares its rows with m"),
        body("row assigned", "double[][] m = {{x, x}, {x, x}}; ^m[0] = new double[] {x, 1}; return m[0][0];", "a whole row of a matrix is assigned here; javad assigns rows only to swap two rows"),
        member(
            "rows of a parameter swapped",
            "@Differentiable static double f(double[][] m, int k) { double[] ^t = m[k]; m[k] = m[0]; m[0] = t; return m[0][0]; }",
            "rows of m are swapped, which javad does (by swapping their elements) only in a matrix the method allocates with both lengths"),
        body(
            "rows swapped with an index reading the matrix",
            "double[][] m = new double[2][2]; m[1][0] = x; double[] ^t = m[0]; m[0] = m[(int) m[1][1]]; m[(int) m[1][1]] = t; return m[0][0];",
            "the indices of this swap of rows of m call a method or read m"),
        body(
            "a row named across a swap",
            "double[][] m = new double[2][2]; m[1][0] = x; double[] ^r = m[0];\n double[] t = m[0]; m[0] = m[1]; m[1] = t; return r[0];",
            "local r names a row of m, and is read after the swap of its rows at line 25"),
        body(
            "the temporary of a swap read after it",
            "double[][] m = new double[2][2]; m[1][0] = x; double[] ^t = m[0]; m[0] = m[1]; m[1] = t; return t[0];",
            "the temporary t of this swap of rows is read outside swaps"),
        body("array variable assigned a new array", "double[] a = {x}; ^a = new double[] {x, x}; return a[0];", "array variable a is assigned a new array whose length javad cannot tell is a's (a was allocated with length 1)"),
        member(
            "matrix built from array parameters",
            "@Differentiable static double f(double[] a, double[] b) { double[][] ^m = {a, b}; return m[0][0] * m[1][0]; }",
            "matrix m is initialized with existing arrays as rows"),
        body(
            "active argument to a non-Math method",
            "return ^helper(x);",
            "to T.helper, which has no derivative; mark T.helper @Differentiable (its source is in this compilation)"),
        body(
            "active argument to a library method",
            "return Double^.max(x, 0);",
            "passes a value that depends on an active input to Double.max, which has no derivative rule"),
        body(
            "active argument reaching a call through a local",
            "double y = 2 * x; int n = 3; return n * ^helper(y + n);",
            "passes a value that depends on an active input to T.helper"),
        body(
            "active argument for a parameter the callee does not differentiate for",
            "return x * ^scaled(2, x);",
            "as argument k of scaled, which does not differentiate for that parameter"),
        body(
            "callee without reverse mode",
            "return x * ^forwardOnly(x);",
            "needs reverse mode of forwardOnly, which it does not generate; add Mode.REVERSE"),
        body(
            "callee that writes into its array parameter",
            "double[] a = {x, x}; return ^scale(a);",
            "it writes into its array parameter a"),
        member(
            "rule for a Math function",
            "@io.javad.DerivativeOf(target = Math.class, method = \"scalb\", wrt = \"d\") static double ^scalbD(double d, int s) { return Math.scalb(1.0, s); }",
            "whose calls javad differentiates by its own table"),
        body(
            "switch expression choosing between arrays",
            "double[] a = {x}; double[] b = {2 * x}; int k = (int) x; double[] c = switch ^(k) { case 0 -> a; default -> b; }; return c[0];",
            "this use of an array is not supported"),
        member(
            "for-each over an Iterable",
            "@Differentiable static double f(double x, java.util.List<Double> xs) { double s = x; for (double v : ^xs) { s += v * x; } return s; }",
            "the enhanced for loop over something other than an array"),
        body(
            "out-parameter passed a row whose index calls",
            "double[][] m = {{x, x}}; ^axpy(x, new double[] {x}, m[(int) Math.floor(0.5)]); return m[0][0];",
            "rows m[i] whose index calls no method: store the index in a local first"),
        body(
            "out-parameter passed a row twice",
            "double[][] m = {{x, x}}; ^axpy(x, m[0], m[0]); return m[0][0];",
            "which is also passed for x"),
        body(
            "out-parameter passed a new array",
            "double[] y = {x, x}; ^axpy(x, y, y.clone()); return y[0];",
            "a new array whose results nothing reads afterwards"),
        member(
            "out-parameter passed a field",
            "@Differentiable double f(double x) { double[] y = {x, x}; ^axpy(x, y, buffer); return y[0]; }",
            "is passed the field"),
        body(
            "out-parameter passed twice",
            "double[] y = {x, x}; ^axpy(x, y, y); return y[0];",
            "which is also passed for x"),
        body(
            "out-parameter of a vector-valued callee",
            "double[] y = {x, x}; ^twice(y); return y[0];",
            "returns an array and also writes into its array parameter"),
        member(
            "callee that returns its array parameter",
            "@Differentiable static double[] same(double[] v, double k) { return v; }"
                + " @Differentiable static double f(double x) { double[] v = {x, 2}; double[] r = ^same(v, x); return r[0] * x; }",
            "it returns its array parameter v"),
        member(
            "callee whose derivatives failed",
            "@Differentiable static double g(double x) { try { return Math.log(x); } catch (ArithmeticException e) { return 0; } }"
                + " @Differentiable static double f(double x) { return x * ^g(x); }",
            "calls g, whose derivatives could not be generated; fix the error reported at g first",
            2),
        member(
            "void method without results",
            "@Differentiable static void ^f(double x) { double y = x * x; }",
            "returns void and writes no array parameter"),
        member(
            "void method writing into data",
            "@Differentiable static void ^f(double x, @io.javad.NoDerivative double[] out) { out[0] = x * x; }",
            "which it does not differentiate for"),
        body(
            "call in a do-while condition, reverse mode",
            "double s = x; int i = 0; outer: do { s = s * x; i++; for (int k = 0; k < 2; k++) { if (s > 9) { continue outer; } s += x; } } while (i < ^helper(3)); return s;",
            "must evaluate T.helper exactly once"),
        body(
            "call declaring a checked exception",
            "return x * ^thrower(1);",
            "declares checked exceptions"),
        body(
            "call in a loop update that a nested loop continues to",
            "double s = 0; outer: for (double t = x; t < 10; t = t * ^helper(2)) { for (int k = 0; k < 2; k++) { if (t < 1) continue outer; s += t; } } return s;",
            "must evaluate T.helper exactly once"),
        body("instance method of another object", "return x * \"ab\"^.length();", "call to length"),
        body("call statement", "Math^.sin(x); return x;", "a call whose result is dropped"),
        body("Math function without rule", "return Math^.scalb(x, 2);", "no derivative rule for Math.scalb"),
        body("try", "^try { return x; } finally { }", "try and synchronized are not supported"),
        body(
            "throw of an exception not created there",
            "if (x > 0) { ^throw x > 1 ? new IllegalStateException() : new IllegalArgumentException(); } return x;",
            "this throw is not supported in @Differentiable methods: it throws an exception it did not create here"),
        body(
            "throw with a message that calls",
            "if (x > 0) { throw new IllegalStateException(\"x = \" ^+ helper(x)); } return x;",
            "its message calls helper; call it in a local first"),
        body(
            "throw inside a lambda",
            "java.util.function.DoubleUnaryOperator f = v -> { if (v < 0) { ^throw new IllegalStateException(); } return v; }; return f.applyAsDouble(x);",
            "it is inside a lambda"),
        member(
            "throw of a checked exception",
            "@Differentiable static double f(double x) throws java.io.IOException { if (x > 0) { throw new java.io^.IOException(\"x\"); } return x; }",
            "IOException is a checked exception"),
        member(
            "throw of a private exception",
            "private static class Oops extends RuntimeException { } @Differentiable static double f(double x) { if (x > 0) { throw new ^Oops(); } return x; }",
            "the generated code cannot name its class Oops"),
        member("lambda local passed to a method", "static double applyTo(java.util.function.DoubleUnaryOperator g, double v) { return g.applyAsDouble(v); }\n  @Differentiable static double f(double x) { java.util.function.DoubleUnaryOperator g = t -> { return t * t; }; return applyTo(^g, x); }", "this lambda or method reference is not supported here; javad inlines a lambda defined in a local"),
        body("lambda local assigned again", "java.util.function.DoubleUnaryOperator f = v -> v; if (x > 0) { ^f = v -> 2 * v; } return f.applyAsDouble(x);", "local f, which holds a lambda, is assigned again"),
        body("consumer lambda", "double[] acc = {0}; java.util.function.DoubleConsumer add = ^t -> { acc[0] += t * t; }; add.accept(x); return acc[0];", "javad inlines a lambda whose body is an expression, or a block returning a number"),
        body("lambda returning inside a loop", "java.util.function.DoubleUnaryOperator f = v -> { for (int k = 0; k < 3; k++) { if (v > k) { ^return v * k; } } return -v; }; return f.applyAsDouble(x);", "javad inlines a lambda whose body is an expression, or a block returning a number from outside its loops"),
        body("stream of ints averaged", "return x * java.util.stream.IntStream.range(0, 3).average^().getAsDouble();", "a stream of ints ends in sum() or count() here; map the ints to doubles first (mapToDouble)"),
        body("stream of another source", "return java.util.stream.DoubleStream.iterate(x, v -> v / 2).limit(3)^.sum();", "call to sum is not supported"),
        member(
            "lambda passed to a method",
            "static double apply(java.util.function.DoubleUnaryOperator g, double v) { return g.applyAsDouble(v); }"
                + " @Differentiable static double f(double x) { return x * apply(^v -> v * v, x); }",
            "this lambda or method reference is not supported here"),
        body("increment in a do-while condition", "int i = 0; outer: do { for (int k = 0; k < 2; k++) { if (x > 9) { continue outer; } x = x * x; } } while ^(i++ < 2); return x;", "an assignment or increment in the condition of a do-while that a nested loop continues"),
        body("bitwise operator", "int k = 3; return x * (k ^& 1);", "operator & is not supported"),
        body("compound assignment inside an expression", "int k = 3; return x * (k ^<<= 1);", "this expression is not supported in @Differentiable methods: left shift assignment"),
        body("boxing cast", "return ^(Double) x;", "expression of type Double is not supported"),
        body("assignment to a field", "^counter = 1; return x;", "only local variables and parameters can be assigned"),
        body("new object", "return ^new Double(x);", "object creation is not supported"),
        body("string", "String ^s = \"a\"; return x;", "local variable s has type String"),
        member(
            "generic method",
            "@Differentiable static <T> double ^f(double x, T tag) { return x; }",
            "has type parameters"),
        member(
            "non-floating return type",
            "@Differentiable static int ^f(double x) { return (int) x; }",
            "returns int; a differentiable method must return double"),
        member(
            "instance method with a parameter named self",
            "@Differentiable double ^f(double self) { return self; }",
            "names a parameter or local self"),
        member(
            "call through an interface",
            "@Differentiable double f(double x, java.util.function.DoubleUnaryOperator g) { return g^.applyAsDouble(x); }",
            "it is an interface or abstract method"),
        member(
            "instance method of another object that is not differentiable",
            "@Differentiable double f(double x) { return x * other^.helperOf(x); }",
            "passes a value that depends on an active input to T.helperOf"),
        member(
            "call through super",
            "@Differentiable double f(double x) { return super^.hashCode() * x; }",
            "calls through super are not supported yet"),
        member(
            "object compared",
            "@Differentiable double f(double x) { return ^other == this ? x : 0; }",
            "other is an object (t.T): @Differentiable methods read its fields"),
        member(
            "field of an object in an array",
            "T[] nodes; @Differentiable double f(double x) { return x * nodes[0]^.hidden; }",
            "nodes[0].hidden is not a field javad can read"),
        member(
            "object local assigned again",
            "@Differentiable double f(double x) { T node = this; ^node = node.other; return x * node.hidden; }",
            "node names a record or an object, which cannot be assigned again"),
        member(
            "method of a value with statements",
            "record P(double a, double b) { double norm() { double s = a * a + b * b; return Math.sqrt(s); } }"
                + " @Differentiable static double f(double x) { P p = new P(x, 2 * x); return p.norm^(); }",
            "calling norm here inlines it, which javad cannot do: javad inlines methods of values"),
        member(
            "value returned by a value's method, passed on",
            "record P(double a, double b) { P twice() { return new P(2 * a, 2 * b); } }"
                + " @Differentiable static double norm(P p) { return Math.hypot(p.a(), p.b()); }"
                + " @Differentiable static double f(double x) { P p = new P(x, x); return norm(p.twice^()); }",
            "twice returns a record or value object"),
        member(
            "choice between values whose arm increments",
            "record P(double a, double b) {}"
                + " @Differentiable static double f(double x) { P p = new P(x, x); int n = 0; P q = x > 0 ^? new P(x, n++) : p; return q.a() + n; }",
            "a ?: choosing between values whose arms assign or increment"),
        member(
            "value class that is not final",
            "static class Box { final double v; Box(double v) { this.v = v; } }"
                + " @Differentiable static double f(double x) { Box b = ^new Box(x); return b.v; }",
            "a Box built inside a @Differentiable method is taken apart into its fields only if its class is final"),
        member(
            "record with a constructor of its own",
            "record Unit(double x, double y) { Unit { double n = Math.hypot(x, y); x /= n; y /= n; } }"
                + " @Differentiable static double f(double a, double b) { Unit u = ^new Unit(a, b); return u.x(); }",
            "record Unit cannot be built here as its components"),
        member(
            "record of floats returned",
            "record F(float a, float b) {} @Differentiable static F ^f(double x) { return new F((float) x, 1f); }",
            "returns t.T.F, which javad cannot return as its components: its components are not all double"),
        member(
            "record constant returned",
            "record P(double a, double b) {} static final P ORIGIN = new P(0, 0);"
                + " @Differentiable static P f(double x) { return ^ORIGIN; }",
            "a method that returns a P returns it as its components"),
        member(
            "instance method returning a record",
            "record P(double a, double b) {} @Differentiable P own(double x) { return new P(x, x); }"
                + " @Differentiable double f(double x) { P p = ^own(x); return p.a(); }",
            "calling T.own, an instance method that returns a record, is not supported yet"),
        member(
            "record parameter with an accessor of its own",
            "record Twice(double x, double y) { public double x() { return 2 * x; } }"
                + " @Differentiable static double f(Twice ^t, double s) { return t.x() * s; }",
            "parameter t has record type t.T.Twice, which javad cannot differentiate"),
        member(
            "record returned by another object's method",
            "record P(double a, double b) {} P at(double v) { return new P(v, v); }"
                + " @Differentiable double f(double x) { P ^p = other.at(x); return p.a(); }",
            "local p would hold a record returned by a method"),
        member(
            "record built around a new array",
            "record Q(double[] w) {} @Differentiable static double f(double x) { Q q = ^new Q(new double[] {x}); return q.w()[0]; }",
            "a Q built inside a @Differentiable method takes its array component w as the array itself"),
        member(
            "differentiated record passed to a library method",
            "record P(double a, double b) {} @Differentiable static double f(P p) { return p.a() * java.util.Objects.hashCode(^p); }",
            "passing the differentiated record p to a method that does not differentiate it"),
        member(
            "array of objects",
            "@Differentiable static double f(double x, String[] names) { return x * ^names.length; }",
            "names is an array of objects (java.lang.String[])"),
        member(
            "abstract method",
            "@Differentiable abstract double ^f(double x);",
            "has no body"),
        member(
            "method of an anonymous class",
            "static Object make() { return new Object() { @Differentiable double ^g(double x) { return x; } }; }",
            "@Differentiable method g is in a local or anonymous class"),
        member(
            "overloads whose tangents clash",
            "@Differentiable static double f(double a, double b) { return a * b; }"
                + " @Differentiable(wrt = \"x\") static double ^f(double x, double y, double z) { return x * y * z; }",
            "would generate two fTangent methods with the same signature"),
        member(
            "too many parameters",
            "@Differentiable static double ^f("
                + java.util.stream.IntStream.range(0, 127).mapToObj(i -> "double x" + i)
                    .collect(java.util.stream.Collectors.joining(", "))
                + ") { return x0 * x126; }",
            "f has too many parameters for its derivatives: FGradient would pass the JVM's limit of 255 parameter slots"),
        member(
            "misspelt name (javac reports it; javad warns)",
            "@Differentiable static double ^f(double x) { return x * hleper(x); }",
            "@Differentiable method f was not generated: part of its body could not be read",
            1),
        member(
            "no floating-point parameter",
            "@Differentiable static double ^f(int n) { return n; }",
            "has no parameter to differentiate"),
        member(
            "all parameters excluded",
            "@Differentiable static double ^f(@io.javad.NoDerivative double x) { return x; }",
            "has no parameter to differentiate"),
        member(
            "wrt names no parameter",
            "@Differentiable(wrt = ^\"z\") static double f(double x, double y) { return x * y; }",
            "wrt names \"z\", which is not a parameter of f; its parameters are: x, y"),
        member(
            "wrt names an int",
            "@Differentiable(wrt = ^\"n\") static double f(double x, int n) { return x * n; }",
            "wrt names \"n\", a int parameter"),
        member(
            "wrt names a @NoDerivative parameter",
            "@Differentiable(wrt = ^\"x\") static double f(@io.javad.NoDerivative double x) { return x; }",
            "also marked @NoDerivative"),
        member(
            "boxed parameter",
            "@Differentiable(wrt = ^\"x\") static double f(Double x) { return x; }",
            "wrt names \"x\", a java.lang.Double parameter"),
        member(
            "array parameter",
            "@Differentiable static double f(double[][][] ^x) { return 1; }",
            "parameter x has type double[][][]"),
        member(
            "empty modes",
            "@Differentiable(modes = {}) static double ^f(double x) { return x; }",
            "empty modes array"),
        member(
            "parameter named value",
            "@Differentiable static double f(double ^value) { return value; }",
            "clashes with the value component"),
        member(
            "rule that is not static",
            "@io.javad.DerivativeOf(target = T.class, method = \"helper\") double ^helperV(double v) { return 1; }",
            "@DerivativeOf rule helperV must be a static method returning double or float"),
        member(
            "rule with other parameter types",
            "@io.javad.DerivativeOf(target = T.class, method = \"helper\") static double ^helperV(float v) { return 1; }",
            "names T.helper, which has no overload with the rule's parameters helperV(float)"),
        member(
            "rule with another return type",
            "@io.javad.DerivativeOf(target = T.class, method = \"helper\") static float ^helperV(double v) { return 1; }",
            "@DerivativeOf rule helperV returns float but T.helper returns double"),
        member(
            "rule whose wrt names no parameter",
            "@io.javad.DerivativeOf(target = T.class, method = \"helper\", wrt = \"w\") static double ^helperW(double v) { return 1; }",
            "wrt = \"w\" must name one double or float parameter of T.helper (v)"),
        member(
            "second rule for one parameter",
            "@io.javad.DerivativeOf(target = T.class, method = \"helper\") static double helperV(double v) { return 1; }"
                + " @io.javad.DerivativeOf(target = T.class, method = \"helper\", wrt = \"v\") static double ^helperDerivative(double v) { return 1; }",
            "is a second rule for parameter v; T.helperV already gives that partial derivative"),
        member(
            "whole-function rule of another form",
            "@io.javad.TangentOf(target = T.class, method = \"helper\") static io.javad.runtime.Dual ^helperT(double v) { return null; }",
            "@TangentOf rule helperT fits no overload of T.helper; for double helper(double v) it must read:"
                + " static Dual helperT(double v, double vDot)"),
        member(
            "whole-function rule for an instance method",
            "@io.javad.AdjointOf(target = T.class, method = \"helperOf\") static double ^helperOfA(double v, double bar) { return bar; }",
            "it is an instance method; give the rules a static function"),
        member(
            "whole-function rule beside partial rules",
            "@io.javad.DerivativeOf(target = T.class, method = \"helper\") static double helperV(double v) { return 1; }"
                + " @io.javad.AdjointOf(target = T.class, method = \"helper\") static double ^helperA(double v, double bar) { return bar; }",
            "which also has @DerivativeOf rules"),
        member(
            "second whole-function rule",
            "@io.javad.AdjointOf(target = T.class, method = \"helper\") static double helperA(double v, double bar) { return bar; }"
                + " @io.javad.AdjointOf(target = T.class, method = \"helper\") static double ^helperB(double v, double bar) { return bar; }",
            "@AdjointOf rule helperB is a second such rule for T.helper; T.helperA already is one"),
        member(
            "rule marked tangent and adjoint",
            "@io.javad.TangentOf(target = T.class, method = \"helper\") @io.javad.AdjointOf(target = T.class, method = \"helper\")"
                + " static double ^helperA(double v, double bar) { return bar; }",
            "rule helperA is marked both @TangentOf and @AdjointOf"),
        member(
            "call of a function whose rules lack a mode",
            "@io.javad.AdjointOf(target = T.class, method = \"helper\") static double helperA(double v, double bar) { return bar; }"
                + " @Differentiable static double f(double x) { return ^helper(x) * x; }",
            "@Differentiable method f needs forward mode of helper, which has no @TangentOf rule"),
        member(
            "second order through a tangent rule that is not differentiable",
            "@io.javad.TangentOf(target = T.class, method = \"helper\") static io.javad.runtime.Dual helperT(double v, double vDot) { return new io.javad.runtime.Dual(v, vDot); }"
                + " @io.javad.AdjointOf(target = T.class, method = \"helper\") static double helperA(double v, double bar) { return bar; }"
                + " @Differentiable(order = 2) static double f(double x) { return ^helper(x) * x; }",
            "it calls helper, whose derivatives are @TangentOf/@AdjointOf rules, and its @TangentOf rule helperT"
                + " is not @Differentiable; mark the rule @Differentiable too"),
        member(
            "choice between enum constants passed on",
            "enum Side { BUY, SELL } static double sign(Side s) { return s == Side.BUY ? 1 : -1; }"
                + " @Differentiable static double f(double x, boolean b) { return x * sign(b ^? Side.BUY : Side.SELL); }",
            "this ?: chooses between objects (t.T.Side), which javad cannot pass on or compare yet"),
        member(
            "array of three dimensions",
            "@Differentiable static double f(double x, @io.javad.NoDerivative double[][][] k) { return x * ^k[0][0][0]; }",
            "k is an array of three or more dimensions (double[][][]), which javad does not support yet"),
        member(
            "choice between a call's array and a copy",
            "@Differentiable static double[] doubled(double[] a) { double[] r = a.clone(); r[0] *= 2; return r; }"
                + " @Differentiable static double f(double[] x, double t) {"
                + " double[] h = t > 0 ^? doubled(x) : x.clone(); double s = 0; for (double v : h) s += v * t; return s; }",
            "this choice between arrays is not supported yet: javad follows ?: between array variables"),
        member(
            "record built in an argument list with an array expression",
            "record P(double[] w, double b) {} @Differentiable static double g(P p) { return p.w()[0] * p.b(); }"
                + " @Differentiable static double f(double[] w, double b) { return g(new P(w.clone^(), b)); }",
            "a P built in a call's argument list takes an array variable for its array component w"),
        member(
            "differentiable tangent rule of order 2",
            "@Differentiable(order = 2) @io.javad.TangentOf(target = T.class, method = \"helper\")"
                + " static io.javad.runtime.Dual ^helperT(double v, double vDot) { return new io.javad.runtime.Dual(v, vDot); }",
            "@TangentOf rule helperT is @Differentiable, so javad differentiates its tangent again (for the second"
                + " order of its function's callers), but it has order = 2"),
        member(
            "differentiable tangent rule returning another expression",
            "@Differentiable @io.javad.TangentOf(target = T.class, method = \"helper\")"
                + " static io.javad.runtime.Dual helperT(double v, double vDot) {"
                + " return v > 0 ^? new io.javad.runtime.Dual(v, vDot) : new io.javad.runtime.Dual(0, 0); }",
            "a @Differentiable @TangentOf rule returns new Dual(value, tangent) at each return"),
        member(
            "call of a function of arrays without rules",
            "static double mean(double[] a) { return a[0]; } @Differentiable static double f(double[] x) { return ^mean(x) * 2; }",
            "passes an array that depends on an active input to T.mean, which has no derivative"),
        member(
            "whole-function rule that is not static",
            "@io.javad.AdjointOf(target = T.class, method = \"helper\") double ^helperA(double v, double bar) { return bar; }",
            "@AdjointOf rule helperA must be static: derivative code calls it as T.helperA(...)"),
        member(
            "whole-function rule for a method that does not exist",
            "@io.javad.AdjointOf(target = T.class, method = \"helpr\") static double ^helperA(double v, double bar) { return bar; }",
            "@AdjointOf rule helperA names T.helpr, which does not exist; name a static method of T"),
        member(
            "whole-function rule for a Math function",
            "@io.javad.TangentOf(target = Math.class, method = \"sin\") static io.javad.runtime.Dual ^sinT(double a, double aDot) { return null; }",
            "is for Math.sin, which whole-function rules cannot serve: javad differentiates Math's functions by its own table"));
  }

  private static Arguments body(String name, String body, String message) {
    String member = "@Differentiable static double f(double x) { " + body + " }";
    return member(name, member, message);
  }

  private static Arguments member(String name, String member, String message) {
    return member(name, member, message, 1);
  }

  /**
   * A case whose compilation has {@code errors} errors in all: the callee's besides the caller's,
   * or javac's own besides javad's warning.
   */
  private static Arguments member(String name, String member, String message, int errors) {
    return Arguments.of(name, member, message, errors);
  }

  static final String PREFIX =
      "package t;\n"
          + "import io.javad.Differentiable;\n"
          + "abstract class T {\n"
          + "  static int counter;\n"
          + "  private double hidden;\n"
          + "  final double[] buffer = new double[2];\n"
          + "  T other;\n"
          + "  double helperOf(double v) { return v; }\n"
          + "  @Differentiable double energy(double v) { return v * v; }\n"
          + "  private static double SECRET = Math.random();\n"
          + "  static double helper(double v) { return v; }\n"
          + "  static String MODE = \"a\";\n"
          + "  static Integer COUNT = 1;\n"
          + "  static double thrower(int k) throws java.io.IOException { return k; }\n"
          + "  @Differentiable(wrt = \"v\") static double scaled(double v, double k) { return k * v; }\n"
          + "  @Differentiable(modes = io.javad.Mode.FORWARD) static double forwardOnly(double v) { return v; }\n"
          + "  @Differentiable static double sum(double[] a) { return a[0] + a[1]; }\n"
          + "  @Differentiable static double scale(double[] a) { a[0] = 2 * a[0]; return a[0]; }\n"
          + "  @Differentiable static void axpy(double a, double[] x, double[] y) { y[0] += a * x[0]; }\n"
          + "  @Differentiable static double[] twice(double[] a) { a[0] = 2 * a[0]; return new double[] {a[0]}; }\n"
          + "  private static class Hidden {\n"
          + "    static final double RANDOM = Math.random();\n"
          + "  }\n"
          + "  ";

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupportedConstructs")
  void reportsOneErrorAtTheNode(String name, String member, String message, int expectedErrors) {
    int marker = PREFIX.length() + member.indexOf('^');
    String text = PREFIX + member.replace("^", "") + "\n}\n";
    Compilation compilation = Compiler.compile(Compiler.source("t.T", text));
    List<Diagnostic<? extends JavaFileObject>> errors = compilation.errors();
    assertEquals(expectedErrors, errors.size(), () -> name + ": expected " + expectedErrors + " errors, got " + errors);
    Diagnostic<? extends JavaFileObject> error = reported(compilation, message);
    assertTrue(error != null, () -> name + ": no one error or warning says " + message + ": " + compilation.diagnostics());
    assertEquals(lineOf(text, marker), error.getLineNumber(), name + ": line");
    assertEquals(columnOf(text, marker), error.getColumnNumber(), name + ": column");
    // (an exception's class may be named: a throw's message says which it refuses)
    assertFalse(
        error.getMessage(null).contains("Exception:") || error.getMessage(null).contains("\tat "),
        "no stack trace in a message");
  }

  /** The one error or warning of {@code compilation} that says {@code message}, or null. */
  static Diagnostic<? extends JavaFileObject> reported(Compilation compilation, String message) {
    List<Diagnostic<? extends JavaFileObject>> saying =
        compilation.diagnostics().stream()
            .filter(d -> d.getKind() != Diagnostic.Kind.NOTE && d.getKind() != Diagnostic.Kind.OTHER)
            .filter(d -> d.getMessage(null).contains(message))
            .toList();
    return saying.size() == 1 ? saying.get(0) : null;
  }

  private static long lineOf(String text, int offset) {
    return text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
  }

  private static long columnOf(String text, int offset) {
    return offset - text.lastIndexOf('\n', offset - 1);
  }

  @Test
  void reportsEveryBadMethodAndStillGeneratesTheGoodOnes() {
    JavaFileObject model =
        Compiler.source(
            "t.Model",
            """
            package t;
            import io.javad.Differentiable;
            public class Model {
              @Differentiable static double good(double x) { return x * x; }
              @Differentiable static double array(double x) {
                double[] a = {x, x};
                return java.util.Arrays.copyOf(a, 2)[1];
              }
              @Differentiable static double labeled(double x) {
                done: { x = -x; }
                return x;
              }
              @Differentiable static double twoProblems(double x) {
                double a = new java.util.Random().nextGaussian();
                double b = new java.util.Random().nextDouble();
                return a + b;
              }
            }
            """);
    JavaFileObject other =
        Compiler.source(
            "t.Other",
            """
            package t;
            import io.javad.Differentiable;
            class Other {
              @Differentiable static String f(double x) { return "x"; }
            }
            """);
    JavaFileObject user =
        Compiler.source(
            "t.User",
            """
            package t;
            class User {
              double use() { return ModelDerivatives.goodGradient(3).x(); }
            }
            """);
    Compilation compilation = Compiler.compile(model, other, user);
    // Five errors and no more: User compiles, so the good method's companion was generated.
    assertThat(compilation).hadErrorCount(5);
    assertThat(compilation).hadErrorContaining("java.util.Arrays.copyOf is read where it initializes a local array").inFile(model).onLine(7);
    assertThat(compilation).hadErrorContaining("labels are supported on loops only").inFile(model).onLine(10).atColumn(5);
    assertThat(compilation).hadErrorContaining("call to nextGaussian").inFile(model).onLine(14);
    assertThat(compilation).hadErrorContaining("call to nextDouble").inFile(model).onLine(15);
    assertThat(compilation).hadErrorContaining("returns java.lang.String").inFile(other).onLine(4);
  }

  @Test
  void aLibraryCompiledWithoutParameterNamesIsReportedAtTheCall(@TempDir Path library) {
    // -g:none, as some builds compile: the class file calls the parameters arg0, arg1, which wrt
    // cannot name.
    Compiler.compileTo(
        library,
        List.of(),
        List.of("-g:none"),
        Compiler.source(
            "lib.Scaled",
            """
            package lib;
            import io.javad.Differentiable;
            public class Scaled {
              @Differentiable(wrt = "x") public static double scaled(double x, double k) { return k * x; }
            }
            """));
    JavaFileObject app =
        Compiler.source(
            "app.App",
            """
            package app;
            import io.javad.Differentiable;
            class App {
              @Differentiable static double f(double x) { return x * lib.Scaled.scaled(x, 2); }
            }
            """);
    Compilation compilation = Compiler.compileWith(library, app);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "cannot call @Differentiable method Scaled.scaled: its class file does not name its parameters")
        .inFile(app)
        .onLine(4)
        .atColumn(68);
  }

  @Test
  void overloadsWhoseTangentsWouldClashAreReported() {
    JavaFileObject source =
        Compiler.source(
            "t.Over",
            """
            package t;
            import io.javad.Differentiable;
            class Over {
              @Differentiable static double f(double a, double b) { return a * b; }
              @Differentiable(wrt = "x") static double f(double x, double y, double z) { return x * y * z; }
            }
            """);
    Compilation compilation = Compiler.compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("two fTangent methods").inFile(source).onLine(5);
  }

  @Test
  void overloadsGetGradientRecordsNamedByParameterTypes() {
    JavaFileObject source =
        Compiler.source(
            "t.Over",
            """
            package t;
            import io.javad.Differentiable;
            class Over {
              @Differentiable static double f(double a) { return a * a; }
              @Differentiable static double f(double a, int n) { return a * n; }
              @Differentiable static double g(double a) { return a; }
            }
            """);
    Compilation compilation = Compiler.compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("t.OverDerivatives")
        .contentsAsUtf8String()
        .contains("public record FDoubleIntGradient(double value, double a)");
    assertThat(compilation)
        .generatedSourceFile("t.OverDerivatives")
        .contentsAsUtf8String()
        .contains("public record FDoubleGradient(double value, double a)");
    assertThat(compilation)
        .generatedSourceFile("t.OverDerivatives")
        .contentsAsUtf8String()
        .contains("public record GGradient(double value, double a)");
  }
}
