package io.javad.processor.diag;

/**
 * Every diagnostic javad reports, in one place, so that wording stays consistent and each message
 * can be tested by its id. Each says what is unsupported and what to do instead.
 */
public enum Message {
  // The annotated method itself.
  SELF_NAME(
      "@Differentiable instance method %s names a parameter or local self, the name its generated"
          + " methods give the object they are called on; rename it"),
  LOCAL_OWNER(
      "@Differentiable method %s is in a local or anonymous class, which has no name for its"
          + " companion class; move it to a top-level or member class"),
  NO_BODY(
      "@Differentiable method %s has no body (abstract, native or in an interface without a"
          + " default); javad differentiates the code it can read: annotate an implementation"),
  TYPE_PARAMETERS(
      "@Differentiable method %s has type parameters, which javad does not support yet; remove"
          + " them (a generic method cannot be differentiated for its type arguments)"),
  RETURN_TYPE(
      "@Differentiable method %s returns %s; a differentiable method must return double or"
          + " float, an array of them with one or two dimensions (a vector- or matrix-valued"
          + " function), a record of doubles, or void (writing its results into array parameters)"),
  VOID_NO_RESULT(
      "@Differentiable method %s returns void and writes no array parameter with values that depend"
          + " on its active inputs, so it has no derivative: return the value, or write it into an"
          + " array parameter (an out-parameter)"),
  VOID_OUTPUT_INACTIVE(
      "@Differentiable method %s writes values that depend on its active inputs into %s, which it"
          + " does not differentiate for (@NoDerivative, or not named in wrt), so their derivatives"
          + " would be lost: differentiate for %s"),
  PARAMETER_TYPE(
      "parameter %s has type %s, which javad cannot differentiate yet; use double or float, or"
          + " arrays of them with up to two dimensions, or mark it @NoDerivative or leave it out of"
          + " wrt if it is data"),
  WRT_UNKNOWN("wrt names \"%s\", which is not a parameter of %s; its parameters are: %s"),
  WRT_NOT_FLOATING(
      "wrt names \"%s\", a %s parameter; only floating-point parameters (double) have derivatives"),
  WRT_NO_DERIVATIVE("wrt names \"%s\", which is also marked @NoDerivative; remove one of the two"),
  NO_ACTIVE_PARAMETER(
      "@Differentiable method %s has no parameter to differentiate with respect to; it needs a"
          + " double parameter, an array of them, or a record of them without a constructor or"
          + " accessors of its own, that is not @NoDerivative (or named in wrt)"),
  NO_MODES("@Differentiable method %s has an empty modes array, so there is nothing to generate"),
  MATRIX_CLONE(
      "%s.clone() of a matrix shares its rows with %s, two names for each row, which javad does not"
          + " follow; copy it row by row: double[][] c = new double[%s.length][]; for (int i = 0;"
          + " i < %s.length; i++) c[i] = %s[i].clone(); right after it"),
  ARRAY_CHOICE_CALL(
      "this choice between arrays has a condition that calls %s, which would run before the calls"
          + " of the expression that come before it; compute the condition in a local first"),
  VECTOR_MODE("vector mode (Mode.FORWARD_VECTOR) of @Differentiable method %s is not supported: %s"),
  RELEASE(
      "javad needs --release 16 or later (this build compiles for %s): the derivatives it generates"
          + " return records, and its runtime's Dual is one; raise the release (maven.compiler.release)"
          + " of this module"),
  ORDER("@Differentiable method %s has order = %d; javad generates order 1 (the default) or 2"),
  SECOND_ORDER("@Differentiable(order = 2) method %s is not supported: %s"),
  NAME_CLASH(
      "parameter \"%s\" of %s clashes with the %s of the generated %s; rename the parameter"),
  OVERLOAD_CLASH(
      "@Differentiable overloads of %s would generate two %s methods with the same signature;"
          + " rename one of them"),

  ALIAS("@Differentiable method %s is not supported yet: %s"),
  CALL_ACTIVE(
      "@Differentiable method %s passes a value that depends on an active input to %s, which has"
          + " no derivative rule; write the computation inline, or give its partial derivatives"
          + " as @DerivativeOf rules (static methods, here or in a library):%s"),
  CALL_ARRAY_DATA(
      "call to %s is not supported: it is given an array, which javad passes to a method without"
          + " derivatives only as data the method reads (its elements and length), and %s; mark it"
          + " @Differentiable, or pass the numbers it needs"),
  CALL_ACTIVE_ARRAY(
      "@Differentiable method %s passes an array that depends on an active input to %s, which has"
          + " no derivative; mark %s @Differentiable (if its source is in this compilation), or give"
          + " its derivatives as whole-function rules (@TangentOf, @AdjointOf; see the README's"
          + " \"Derivatives of whole functions\"):%s"),
  CALL_ARRAYS(
      "call to %s is not supported: it takes or returns arrays, and javad knows no derivatives of"
          + " it; mark it @Differentiable (if its source is in this compilation), or give its"
          + " derivatives as whole-function rules, static methods in its package or this one (see"
          + " the README's \"Derivatives of whole functions\"):%s"),
  CALL_ACTIVE_SOURCE(
      "@Differentiable method %s passes a value that depends on an active input to %s, which has"
          + " no derivative; mark %s @Differentiable (its source is in this compilation), or give"
          + " its partial derivatives as @DerivativeOf rules:%s"),
  CALL_ABSTRACT(
      "call to %s is not supported: it is an interface or abstract method, whose body is chosen"
          + " only at run time, so javad cannot know its derivative; call a @Differentiable"
          + " implementation directly (a lambda defined in the method and called there is inlined,"
          + " but one passed in as a parameter is not)"),
  CALL_NO_NAMES(
      "cannot call @Differentiable method %s: its class file does not name its parameters, which"
          + " its wrt refers to; compile its library with javac -parameters"),
  CALL_INACTIVE_PARAMETER(
      "@Differentiable method %s passes a value that depends on an active input as argument %s of"
          + " %s, which does not differentiate for that parameter; add it to %s's wrt or remove its"
          + " @NoDerivative"),
  CALL_NO_MODE(
      "@Differentiable method %s needs %s mode of %s, which it does not generate; add Mode.%s to"
          + " its modes"),
  CALL_WRITES_ARRAY(
      "the value of %s cannot be used here: it writes into its array parameter %s (an"
          + " out-parameter), and javad differentiates such a call only as a statement whose value"
          + " is not used (%s(...);); call it so, and compute the value separately"),
  CALL_WRITES_FIELD(
      "call to %s is not supported: it writes into its array parameter %s, and is passed the field"
          + " %s, which a @Differentiable method may not write into; pass a local array, copied"
          + " from the field"),
  CALL_WRITES_VECTOR(
      "call to %s is not supported: it returns an array and also writes into its array parameter"
          + " %s; javad differentiates out-parameters of methods that return a number or void:"
          + " write the result into an array parameter too, and return void"),
  CALL_WRITES_NEW_ARRAY(
      "call to %s is not supported: it writes into its array parameter %s, and is passed %s, a new"
          + " array whose results nothing reads afterwards; pass an array variable (declared first"
          + " if it is a copy)"),
  CALL_WRITES_ROW(
      "call to %s is not supported: it writes into its array parameter %s, and is passed %s;"
          + " javad differentiates out-parameters passed as array variables or rows m[i] whose"
          + " index calls no method: store the index in a local first, or pass a local array"),
  CALL_WRITES_ALIASED(
      "call to %s is not supported: it writes into %s (its parameter %s), which is also passed for"
          + " %s (a local naming the same array counts), so that one array would have two names"
          + " inside it; pass a copy for one of them"),
  CALL_NO_COMPANION(
      "call to %s is not supported: it is @Differentiable, but its derivatives (%s) are not on the"
          + " class path; build its library with javad's annotation processor, so that the jar"
          + " holds them"),
  CALL_CALLEE_FAILED(
      "@Differentiable method %s calls %s, whose derivatives could not be generated; fix the error"
          + " reported at %s first"),
  CALL_RETURNS_ARRAY(
      "call to %s is not supported: it returns its array parameter %s, so that the caller would see"
          + " one array under two names; return %s"),
  CALL_UNPLACEABLE(
      "the derivative code of @Differentiable method %s must evaluate %s exactly once, as %s's body does,"
          + " and cannot where it is (a loop's update or do-while condition that a nested loop"
          + " continues to, a branch of ?: or right of && and ||, the index of a row alias); store"
          + " its value in a local first, or move the update or test into the body"),
  CALL_THROWS(
      "call to %s is not supported: it declares checked exceptions, which the generated methods"
          + " do not; call it outside the @Differentiable method"),
  RULE_SHAPE(
      "@DerivativeOf rule %s must be a static method returning double or float: the partial"
          + " derivative, computed from the function's own arguments"),
  RULE_MATH(
      "@DerivativeOf rule %s is for %s.%s, whose calls javad differentiates by its own table (or"
          + " refuses, for a function it has no rule for); wrap the function in a static method of"
          + " your own and give that method the rule"),
  RULE_NO_TARGET(
      "@DerivativeOf rule %s names %s.%s, which has no overload with the rule's parameters %s;"
          + " give the rule exactly the parameter types of the function (overloads: %s)"),
  RULE_WRT(
      "@DerivativeOf rule %s: wrt = \"%s\" must name one double or float parameter of %s (%s);"
          + " write one rule per parameter, each with its wrt"),
  RULE_NOTHING(
      "@DerivativeOf rule %s is for %s, which has no double or float parameter, so no derivative to"
          + " give; remove the rule"),
  RULE_RETURN(
      "@DerivativeOf rule %s returns %s but %s returns %s; a rule returns the function's type"),
  RULE_DUPLICATE(
      "@DerivativeOf rule %s is a second rule for parameter %s; %s already gives that partial"
          + " derivative"),
  RULE_FUNCTION(
      "@%s rule %s is for %s, which whole-function rules cannot serve: %s"),
  TANGENT_RULE(
      "@TangentOf rule %s is @Differentiable, so javad differentiates its tangent again (for the"
          + " second order of its function's callers), but %s"),
  TANGENT_RULE_RETURN(
      "a @Differentiable @TangentOf rule returns new %s(value, tangent) at each return, whose"
          + " tangent javad differentiates; return one built there"),
  RULE_FUNCTION_SIGNATURE(
      "@%s rule %s fits no overload of %s.%s; for %s it must read: %s"),
  RULE_FUNCTION_MIXED(
      "@%s rule %s is for %s, which also has @DerivativeOf rules; give a function either one"
          + " partial derivative per parameter (@DerivativeOf) or whole-function rules (@TangentOf,"
          + " @AdjointOf), not both"),
  RULE_FUNCTION_STATIC("@%s rule %s must be static: derivative code calls it as %s.%s(...)"),
  RULE_FUNCTION_NO_METHOD("@%s rule %s names %s.%s, which does not exist; name a static method of %s"),
  RULE_FUNCTION_BOTH(
      "rule %s is marked both @TangentOf and @AdjointOf; write the tangent and the adjoint as two"
          + " methods"),
  RULE_FUNCTION_DUPLICATE("@%s rule %s is a second such rule for %s; %s already is one"),
  CALL_RULE_MODE(
      "@Differentiable method %s needs %s mode of %s, which has no @%s rule; write one, or (for a"
          + " method of order 1) generate only the other mode with @Differentiable(modes = Mode.%s)"),
  UNREAD(
      "@Differentiable method %s was not generated: part of its body could not be read; see the"
          + " errors javac reports for it"),
  REVERSE_ARRAYS(
      "reverse mode of %s is not supported yet: %s; or generate forward mode only with"
          + " @Differentiable(modes = Mode.FORWARD)"),

  // Statements.
  LABEL("labels are supported on loops only (for break and continue); remove this label"),
  LOCAL_CLASS("local classes are not supported in @Differentiable methods; move the class out"),
  TRY("try and synchronized are not supported in @Differentiable methods; move them to the"
      + " caller"),
  ASSERT_EFFECTS(
      "this assert's condition or message assigns or calls a method, which Java does only where"
          + " assertions are on; compute it in a local before the assert"),
  THROW(
      "this throw is not supported in @Differentiable methods: %s (javad keeps throw new E(...)"
          + " whose arguments are numbers, and Strings joined from literals, String variables and"
          + " numbers)"),
  SWITCH_TYPE(
      "switch on a %s is not supported; javad differentiates switches on integers, enums and"
          + " Strings (write an if/else chain otherwise)"),
  SWITCH_STRING(
      "this switch on a String is not supported; javad switches on a String parameter, field or"
          + " record component, compared with equals: switch on one of those, or write an if/else"
          + " chain"),
  SWITCH_PATTERN(
      "pattern labels, guards and case null are not supported in a switch javad differentiates;"
          + " switch on an integer, an enum or a String, and test null with if (== null; type"
          + " tests with instanceof are not supported either: give the types' work to methods of"
          + " their own)"),
  SWITCH_FORM("this form of switch is not supported; use case labels with statements, or if/else"),
  SWITCH_BREAK(
      "this break out of a switch from inside a case is not supported: the statements after it"
          + " would be copied into both branches of an if, and they are more than 12; end the case"
          + " there with an if/else instead"),
  SWITCH_YIELD(
      "a yield must end its arm of the switch (its last statement, or the last of each branch of"
          + " a final if/else); move the statements after it before it"),
  STATEMENT("this statement is not supported in @Differentiable methods: %s"),
  CALL_STATEMENT(
      "a call whose result is dropped is there for a side effect, which a @Differentiable method"
          + " must not have; remove it or use its value"),
  LOCAL_TYPE(
      "local variable %s has type %s; @Differentiable methods compute with numeric and boolean"
          + " locals and arrays of them, and locals that name an object the method reads (a"
          + " parameter, a field, a record component: Dataset d = this.data), not other values"),
  ASSIGN_TARGET(
      "only local variables and parameters can be assigned in @Differentiable methods, not %s;"
          + " a differentiable method must not change fields"),

  // Expressions.
  CALL(
      "call to %s is not supported: @Differentiable methods call Math and StrictMath, other"
          + " @Differentiable methods (static, or on this or an object parameter), and other methods,"
          + " static or of this or an object parameter, that take numbers, objects or arrays they"
          + " only read, and return a number; mark it @Differentiable, inline the computation, or"
          + " call it outside the @Differentiable method"),
  SUPER_CALL(
      "calls through super are not supported yet; differentiate the overridden body under a name"
          + " of its own (a protected @Differentiable method both can call)"),
  MATH_NO_RULE(
      "javad has no derivative rule for %s, which is given a value that depends on the active"
          + " inputs; rewrite it with supported Math functions (see the README's list), or give it"
          + " only values that do not depend on them"),
  ARRAY(
      "this use of an array is not supported yet in @Differentiable methods; read and write"
          + " elements a[i] and a[i][j] of double arrays"),
  ARRAY_RANK(
      "%s is an array of three or more dimensions (%s), which javad does not support yet; store"
          + " it as a double[][] of rows (row i * n + j) or a double[] (index (i * n + j) * m + k)"),
  ARRAY_CHOICE(
      "this choice between arrays is not supported yet: javad follows ?: between array variables"
          + " (c ? a : b) of one type and rank; compute each array into a local first and choose"
          + " between the locals"),
  ARRAY_REASSIGNED(
      "array variable %s is assigned a whole array here, which javad reads (as a copy of the"
          + " contents) only for a local array or matrix assigned in a statement of its own;"
          + " assign its elements, or declare a new variable"),
  FOR_EACH(
      "the enhanced for loop over something other than an array is not supported; loop over an"
          + " array of numbers, or write for (int i = 0; i < n; i++)"),
  LAMBDA(
      "this lambda or method reference is not supported here; javad inlines a lambda defined in"
          + " a local (DoubleUnaryOperator f = v -> ...;) where it is called, and one given to a"
          + " stream operation (map, filter, reduce): call it here, or pass its values"),
  LAMBDA_REASSIGNED(
      "local %s, which holds a lambda, is assigned again; javad inlines a lambda held in a local"
          + " assigned once, where it is declared: declare another local for the other lambda"),
  METHOD_REFERENCE(
      "this method reference is not supported in @Differentiable methods, which inline references"
          + " to static methods (Math::exp, Model::sigmoid) as lambdas; write the lambda (v ->"
          + " model.score(v))"),
  ARRAY_HELPER(
      "%s copies a one-dimensional array here (a variable, or a row m[i]), not a matrix or another"
          + " expression; copy a matrix row by row"),
  ARRAY_HELPER_PLACE(
      "%s is read where it initializes a local array (double[] r = Arrays.copyOf(a, n);), or, for"
          + " System.arraycopy, as a statement of its own; declare the copy in a local first"),
  LAMBDA_BODY(
      "javad inlines a lambda whose body is an expression, or a block returning a number from"
          + " outside its loops, called with one argument per parameter where statements can be"
          + " placed; compute the rest in the method, or write a @Differentiable method"),
  STREAM(
      "this stream pipeline is not supported: javad differentiates Arrays.stream(a) of a double"
          + " array with map, filter and then sum, average, min, max, count or reduce(identity, f);"
          + " %s"),
  RECORD_ARGUMENT_ARRAY(
      "a %s built in a call's argument list takes an array variable for its array component %s;"
          + " compute the array into a local first, or declare the record in a local"),
  NEW_OBJECT(
      "object creation is not supported in @Differentiable methods yet; compute with the numbers"
          + " the object would hold as locals, or create it outside and pass it in as data"),
  ASSIGNMENT_IN_EXPRESSION(
      "an assignment or increment in the condition of a do-while that a nested loop continues, or"
          + " in a method of a value that javad inlines, is not supported; write it as a statement"
          + " of its own"),
  OPERATOR("operator %s is not supported in @Differentiable methods"),
  EXPRESSION_TYPE(
      "expression of type %s is not supported in @Differentiable methods; they compute with"
          + " double, int and long values"),
  FIELD(
      "%s is not a field javad can read; @Differentiable methods read parameters, locals, static"
          + " fields, and fields of this (in an instance method) and of objects passed in"),
  OBJECT_VALUE(
      "%s is an object (%s): @Differentiable methods read its fields and components and call its"
          + " methods, but cannot pass it to a method or compare it yet; pass what the callee reads"
          + " from it (its arrays and numbers) instead"),
  OBJECT_CHOICE(
      "this ?: chooses between objects (%s), which javad cannot pass on or compare yet; write an"
          + " if/else whose branches each use one of them (an object named directly may be passed)"),
  OBJECT_REASSIGNED(
      "%s names a record or an object, which cannot be assigned again in @Differentiable methods"
          + " yet; declare a new local for the new value"),
  VALUE_METHOD(
      "calling %s here inlines it, which javad cannot do: %s; compute with the value's components"
          + " (its fields or accessors) instead, or make it a static @Differentiable method"),
  VALUE_RESULT(
      "%s returns a record or value object, which javad takes apart into its components: store it"
          + " in a local (Complex c = a.plus(b);) or call a method on it, rather than using it here"),
  VALUE_CHOICE(
      "a ?: choosing between values whose arms assign or increment is not supported; compute the"
          + " arms' values in statements first"),
  VALUE_CLASS(
      "a %s built inside a @Differentiable method is taken apart into its fields only if its class"
          + " is final, with final number fields set by a constructor that only assigns its"
          + " parameters to them, but %s; make it so (or a record), or compute with the numbers"),
  RECORD_RESULT(
      "@Differentiable method %s returns %s, which javad cannot return as its components: %s;"
          + " return a record whose components are double, or the numbers as a double[]"),
  RECORD_RESULT_VALUE(
      "a method that returns a %s returns it as its components: return one built here (new ...),"
          + " a local holding one, or one a value's method returns"),
  RECORD_RESULT_CALL(
      "calling %s, an instance method that returns a record, is not supported yet; make it"
          + " static, or return its numbers as a double[]"),
  RECORD_PARAMETER(
      "parameter %s has record type %s, which javad cannot differentiate: %s; mark the parameter"
          + " @NoDerivative (or leave it out of wrt) to use it as data, or pass its numbers as"
          + " double and array parameters"),
  RECORD_CUSTOM(
      "record %s cannot be built here as its components: %s; compute with the numbers instead"),
  RECORD_RETURNED(
      "local %s would hold a record returned by a method, which javad does not support yet;"
          + " return and use the numbers instead, or build the record here with new"),
  RECORD_ARRAY_LOCAL(
      "a %s built inside a @Differentiable method takes its array component %s as the array"
          + " itself, so it must be given an array variable (a parameter or a local), not an"
          + " expression; declare the array first"),
  ACTIVE_RECORD_ARGUMENT(
      "passing the differentiated record %s to a method that does not differentiate it is not"
          + " supported yet; pass it to a @Differentiable method, or pass its components (the"
          + " values of its accessors)"),
  OBJECT_ARRAY(
      "%s is an array of objects (%s); @Differentiable methods compute with arrays of numbers:"
          + " pass the numbers the method needs from its elements instead"),
  EXPRESSION("this expression is not supported in @Differentiable methods: %s"),

  CODE_TOO_LARGE(
      "the derivative code of %s (%s) would be about %d KB of bytecode, over the JVM's 64 KB limit"
          + " for one method; split %s into @Differentiable helpers of fewer statements each"),

  TOO_MANY_SLOTS(
      "%s has too many parameters for its derivatives: %s would pass the JVM's limit of 255"
          + " parameter slots (a double takes two); pass the numbers as a double[] instead"),

  // Environment and internal failures.
  NO_JAVAC_TREES(
      "javad needs javac's tree API (com.sun.source) to read method bodies, which this compiler"
          + " does not provide (%s); compile with javac"),
  INTERNAL("javad failed on %s: %s; please report this with the method's source"),
  WRITE_FAILED("javad could not write %s: %s");

  private final String format;

  Message(String format) {
    this.format = format;
  }

  public String format(Object... args) {
    return String.format(format, args);
  }

  /** The message with its blanks shown as {@code …}, for the diagnostics reference. */
  public String template() {
    return format.replace("%s", "…").replace("%d", "…");
  }
}
