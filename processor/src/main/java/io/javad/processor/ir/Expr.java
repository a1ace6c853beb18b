package io.javad.processor.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An expression of the differentiable subset. Every node knows its Java type. */
public sealed interface Expr
    permits Expr.Literal,
        Expr.Local,
        Expr.StaticField,
        Expr.Unary,
        Expr.Binary,
        Expr.Cast,
        Expr.Call,
        Expr.Conditional,
        Expr.Element,
        Expr.Length,
        Expr.NewArray,
        Expr.ArrayCopy,
        Expr.ZerosLike,
        Expr.Accessor,
        Expr.InstanceField,
        Expr.Ordinal,
        Expr.ObjectRef,
        Expr.Concat {

  /** The type of the value, or of its elements for an array. */
  Type type();

  /** The number of array dimensions: 0 for a scalar. */
  default int rank() {
    return 0;
  }

  /**
   * A numeric literal. {@code text} is how it is printed: the user's own spelling where it came from
   * source, so that the generated primal reads like the original.
   */
  record Literal(double value, Type type, String text) implements Expr {

    public static Literal of(double value, Type type) {
      return new Literal(value, type, format(value, type));
    }

    public boolean is(double v) {
      return value == v;
    }

    private static String format(double value, Type type) {
      return switch (type) {
        case DOUBLE -> Double.toString(value);
        case FLOAT -> Float.toString((float) value) + "f";
        case LONG -> Long.toString((long) value) + "L";
        case BOOLEAN -> value != 0 ? "true" : "false";
        default -> Long.toString((long) value);
      };
    }
  }

  /** A read of a parameter or local. */
  record Local(Variable variable) implements Expr {
    @Override
    public Type type() {
      return variable.type();
    }

    @Override
    public int rank() {
      return variable.rank();
    }
  }

  /** {@code array[index]}: an element, or a row of a matrix. */
  record Element(Expr array, Expr index) implements Expr {
    @Override
    public Type type() {
      return array.type();
    }

    @Override
    public int rank() {
      return array.rank() - 1;
    }
  }

  /**
   * {@code array.clone()} of a one-dimensional array: a new array with the same elements; of a
   * matrix, a copy row by row ({@code ArrayShapes.copy}: the idiom of a deep copy, lowered by
   * {@code MatrixCopies}; Java's own {@code clone()} of a matrix shares its rows, and is an error).
   */
  record ArrayCopy(Expr array) implements Expr {
    @Override
    public Type type() {
      return array.type();
    }

    @Override
    public int rank() {
      return array.rank();
    }
  }

  /**
   * {@code ArrayShapes.zerosLike(array)}: a new array of zeros shaped like {@code array} (row by
   * row for a ragged matrix), which reads only its shape: the tangent passed for data.
   */
  record ZerosLike(Expr array) implements Expr {
    @Override
    public Type type() {
      return array.type();
    }

    @Override
    public int rank() {
      return array.rank();
    }
  }

  /** {@code array.length}. */
  record Length(Expr array) implements Expr {
    @Override
    public Type type() {
      return Type.INT;
    }
  }

  /**
   * {@code new double[n][m]} (with {@code elements} null), {@code new double[n][]} (fewer sizes
   * than dimensions), or {@code new double[] {a, b}} (with the elements, no sizes).
   */
  record NewArray(Type type, int rank, List<Expr> sizes, List<Expr> elements) implements Expr {
    public NewArray {
      sizes = List.copyOf(sizes);
      elements = elements == null ? null : List.copyOf(elements);
    }
  }

  /**
   * A static field, a constant of the differentiation: {@code packageName} and the class's nested
   * name ({@code Outer.Inner}) locate the declaring class.
   */
  /**
   * {@code Owner.name}, a constant of the differentiation (an array field is data); read through
   * the companion's {@code handle} ({@code (double) NAME.get()}) when the field is private, else
   * null.
   */
  record StaticField(
      String packageName,
      String className,
      String name,
      Type type,
      int rank,
      String handle,
      boolean isFinal)
      implements Expr {}

  record Unary(UnaryOp op, Expr operand, Type type) implements Expr {}

  record Binary(BinaryOp op, Expr left, Expr right, Type type) implements Expr {}

  record Cast(Type type, Expr operand) implements Expr {}

  /**
   * A call: to {@code java.lang.Math} or {@code StrictMath} (differentiated by their
   * rules), to another {@code @Differentiable} method ({@code callee} non-null: differentiated
   * through its generated derivatives), or to another method, evaluated as it is; {@code rules}
   * holds, per argument, the user's {@code @DerivativeOf} rule for it (null where there is none),
   * empty when there are no rules. {@code receiver} is null for a static method, else the object
   * an instance method is called on, as source: {@code self}, {@code self.left}, {@code spring}.
   * {@code bridge} is null for a method the companion can call, else the companion's method that
   * calls this private one through a handle, with the receiver first ({@code helper(self, x)}).
   */
  record Call(
      String owner,
      String name,
      List<Expr> arguments,
      Type type,
      List<Rule> rules,
      Callee callee,
      String receiver,
      String bridge)
      implements Expr {
    public Call {
      arguments = List.copyOf(arguments);
      // Nulls allowed: an argument without a rule.
      rules = Collections.unmodifiableList(new ArrayList<>(rules));
    }

    public Call(String owner, String name, List<Expr> arguments, Type type, List<Rule> rules) {
      this(owner, name, arguments, type, rules, null, null, null);
    }

    public Call(
        String owner,
        String name,
        List<Expr> arguments,
        Type type,
        List<Rule> rules,
        Callee callee,
        String receiver) {
      this(owner, name, arguments, type, rules, callee, receiver, null);
    }

    public Call(String owner, String name, List<Expr> arguments, Type type) {
      this(owner, name, arguments, type, List.of(), null, null, null);
    }

    public Call withArguments(List<Expr> newArguments) {
      return new Call(owner, name, newArguments, type, rules, callee, receiver, bridge);
    }

    @Override
    public int rank() {
      return callee == null ? 0 : callee.rank();
    }

    /** Whether the arguments at the callee's active parameters carry derivatives into the value. */
    public boolean isDifferentiableCall() {
      return callee != null;
    }
  }

  /**
   * {@code receiver.component()}: a component of a record that generated code holds in a local
   * ({@code dot.w()} of a callee's gradient record).
   */
  record Accessor(String receiver, String component, Type type, int rank) implements Expr {}

  /**
   * {@code receiver.name}: a field of an object, a constant of the differentiation ({@code self.k}
   * for a field {@code k} read by an instance method); an array field is data. A private field is
   * read through the companion's {@code handle} ({@code (double) K.get(self)}), else it is null. A
   * record's component is read through its accessor ({@code accessor}: {@code data.x()}). {@code
   * isFinal}: nothing can change the field while the method runs.
   */
  record InstanceField(
      String receiver,
      String name,
      Type type,
      int rank,
      String handle,
      boolean accessor,
      boolean isFinal)
      implements Expr {}

  /**
   * {@code kind.ordinal()}, {@code Kind.SQUARED.ordinal()}: the position of an enum value, which is
   * how javad compares enums ({@code switch}, {@code ==}); read when the code runs.
   */
  record Ordinal(String receiver) implements Expr {
    @Override
    public Type type() {
      return Type.INT;
    }
  }

  /**
   * An object given to a call as data ({@code sse(w, data)}, {@code affine(x, DEFAULTS)}): a
   * parameter, a field or an object one of them holds, as source; {@code className} its class.
   */
  record ObjectRef(String source, String className) implements Expr {
    @Override
    public Type type() {
      return Type.OBJECT;
    }
  }

  /**
   * A String joined by {@code +} from {@code parts}, left to right: Strings ({@link ObjectRef}, a
   * literal or a String variable as source, or an object joined by its {@code toString()}) and
   * numbers. Data for a log line or an exception's message; it carries no derivative.
   */
  record Concat(List<Expr> parts) implements Expr {
    public Concat {
      parts = List.copyOf(parts);
    }

    @Override
    public Type type() {
      return Type.OBJECT;
    }
  }

  /**
   * A static method computing one partial derivative: {@code owner.name(the call's arguments)};
   * {@code bridge} names the companion's method that calls it if it is private, else null.
   */
  record Rule(String owner, String name, String bridge) {}

  /**
   * {@code condition ? whenTrue : whenFalse}; of arrays only as a local's initializer, which
   * lowering replaces ({@code ChosenArrays}).
   */
  record Conditional(Expr condition, Expr whenTrue, Expr whenFalse, Type type) implements Expr {
    @Override
    public int rank() {
      return whenTrue.rank();
    }
  }
}
