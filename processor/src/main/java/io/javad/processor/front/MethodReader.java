package io.javad.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.javad.Differentiable;
import io.javad.Mode;
import io.javad.NoDerivative;
import io.javad.processor.diag.Message;
import io.javad.processor.diag.Reporter;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * The front end's entry: checks a {@code @Differentiable} method's signature and annotation, decides
 * which parameters are active, and reads the body into IR. Returns {@code null} after reporting
 * every problem it finds.
 */
public final class MethodReader implements io.javad.processor.check.CallSources {

  /** Names a gradient record's component cannot have: its value, and Object's methods. */
  private static final Set<String> RESERVED_COMPONENTS =
      Set.of("value", "clone", "finalize", "getClass", "hashCode", "notify", "notifyAll",
          "toString", "wait");

  private final Trees trees;
  private final Elements elements;
  private ValueShape resultRecord;
  private final DerivativeRules rules;
  private final Reporter reporter;
  private final PrivateMembers privateMembers;
  private final Map<Expr.Call, CallSite> callSites = new LinkedHashMap<>();
  private final List<RecordParameters> records = new ArrayList<>();
  private CompilationUnitTree unit;

  /** The paths of the methods of the class being read, found in one pass; null to look each up. */
  private Map<ExecutableElement, TreePath> paths;

  /**
   * The path of every method declared in {@code type}'s compilation unit, from one scan of it:
   * javac finds one method's path by scanning its unit, which for every method of a large class
   * costs time quadratic in its size.
   */
  public static Map<ExecutableElement, TreePath> methodPaths(Trees trees, TypeElement type) {
    Map<ExecutableElement, TreePath> found = new java.util.HashMap<>();
    TreePath typePath = trees.getPath(type);
    if (typePath == null) {
      return found;
    }
    new com.sun.source.util.TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethod(MethodTree node, Void unused) {
        if (trees.getElement(getCurrentPath()) instanceof ExecutableElement e) {
          found.put(e, getCurrentPath());
        }
        return super.visitMethod(node, unused);
      }
    }.scan(typePath, null);
    return found;
  }

  /** Reads methods with the paths {@link #methodPaths} found. */
  public MethodReader withPaths(Map<ExecutableElement, TreePath> paths) {
    this.paths = paths;
    return this;
  }

  public MethodReader(
      Trees trees,
      Elements elements,
      DerivativeRules rules,
      Reporter reporter,
      PrivateMembers privateMembers) {
    this.trees = trees;
    this.privateMembers = privateMembers;
    this.elements = elements;
    this.rules = rules;
    this.reporter = reporter;
  }

  /**
   * An error about an opaque call of the method last read, at that call in the source (one with
   * the same method if a rewrite changed its arguments, else the method's declaration).
   */
  public void errorAtCall(
      Expr.Call call, ExecutableElement method, Message message, Object... args) {
    CallSite site = site(call);
    if (site == null) {
      reporter.error(method, message, args);
    } else {
      reporter.error(site.tree(), unit, message, args);
    }
  }

  /**
   * The {@code @DerivativeOf} rules to write for the given parameters of a call's method, as
   * source to paste ("porting hints"), or an empty string if the call is not known.
   */
  @Override
  public String ruleHint(Expr.Call call, List<Integer> positions) {
    CallSite site = site(call);
    if (site == null) {
      return "";
    }
    ExecutableElement m = site.method();
    if (positions.stream().anyMatch(i -> Types.rank(m.getParameters().get(i).asType()) > 0)
        && FunctionRules.problem(m) == null) {
      return FunctionRules.stubs(m); // an array: rules for the whole function
    }
    String target = m.getEnclosingElement().getSimpleName().toString();
    String parameters =
        m.getParameters().stream()
            .map(p -> p.asType() + " " + p.getSimpleName())
            .collect(Collectors.joining(", "));
    StringBuilder hint = new StringBuilder();
    for (int i : positions) {
      String wrt = m.getParameters().get(i).getSimpleName().toString();
      hint.append("\n  @DerivativeOf(target = ").append(target).append(".class, method = \"")
          .append(m.getSimpleName()).append('"')
          .append(m.getParameters().size() > 1 ? ", wrt = \"" + wrt + '"' : "")
          .append(")\n  static ").append(m.getReturnType()).append(' ').append(m.getSimpleName())
          .append(Character.toUpperCase(wrt.charAt(0))).append(wrt.substring(1))
          .append('(').append(parameters).append(") { return /* ∂")
          .append(m.getSimpleName()).append("/∂").append(wrt).append(" */; }");
    }
    return hint.toString();
  }

  /** Whether the source of the method {@code call} calls is in this compilation: ours to mark. */
  @Override
  public boolean calleeIsSource(Expr.Call call) {
    CallSite site = site(call);
    return site != null && trees.getTree(site.method()) != null;
  }

  /** The site of {@code call}, or of a call to the same method if a rewrite changed its arguments. */
  private CallSite site(Expr.Call call) {
    CallSite site = callSites.get(call);
    if (site != null) {
      return site;
    }
    return callSites.entrySet().stream()
        .filter(e -> e.getKey().owner().equals(call.owner()))
        .filter(e -> e.getKey().name().equals(call.name()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  /** What generated methods call the object of an instance method: {@code fGradient(self, ...)}. */
  public static final String SELF = io.javad.processor.emit.Origin.SELF;

  /** The record parameters of the method last read, replaced by their components. */
  public List<RecordParameters> records() {
    return List.copyOf(records);
  }

  /**
   * The record the method last read returns, taken apart into its components (the method is
   * vector-valued over them), or null.
   */
  public TypeElement resultRecord() {
    return resultRecord == null ? null : resultRecord.type();
  }

  /** Why a record of numbers cannot be returned as its components, or null. */
  private static String resultRefused(ValueShape shape) {
    if (shape.type().getKind() != javax.lang.model.element.ElementKind.RECORD) {
      return "javad returns records of numbers, not other classes";
    }
    for (javax.lang.model.type.TypeMirror t : shape.types()) {
      if (t.getKind() != javax.lang.model.type.TypeKind.DOUBLE) {
        return "its components are not all double";
      }
    }
    return null;
  }

  /**
   * The companion's bridge to {@code member}, a method it cannot name, used by the method read
   * last; null where the companion names it.
   */
  public String bridge(ExecutableElement member) {
    if (Visibility.visibleFromPackage(member, privateMembers.companionPackage())) {
      return null;
    }
    return privateMembers.of(member).bridge();
  }

  public MethodIr read(ExecutableElement method) {
    callSites.clear();
    records.clear();
    resultRecord = null;
    String shown = method.getSimpleName().toString();
    Differentiable annotation = method.getAnnotation(Differentiable.class);
    boolean ok = true;
    if (method.getModifiers().contains(Modifier.ABSTRACT)
        || method.getModifiers().contains(Modifier.NATIVE)) {
      reporter.error(method, Message.NO_BODY, shown);
      return null;
    }
    boolean instance = !method.getModifiers().contains(Modifier.STATIC);
    TypeElement declaring = (TypeElement) method.getEnclosingElement();
    if (!method.getTypeParameters().isEmpty()) {
      reporter.error(method, Message.TYPE_PARAMETERS, shown);
      ok = false;
    }
    boolean returnsVoid = false;
    Type returnType = Types.element(method.getReturnType());
    int returnRank = Types.rank(method.getReturnType());
    TangentRules.Form tangentRule = TangentRules.form(method);
    resultRecord =
        tangentRule != null ? null : ValueMethods.shapeOf(method.getReturnType(), trees, elements);
    if (tangentRule != null) {
      // Read as its function's tangent program: the tangent it returns (TangentRules).
      if (!rules.isFunctionRule(method)) {
        return null; // a rule of another form, reported at the rule
      }
      String refused = TangentRules.refused(method, annotation);
      if (refused != null) {
        reporter.error(method, Message.TANGENT_RULE, shown, refused);
        return null;
      }
      returnType = Type.DOUBLE;
      returnRank = tangentRule.rank();
    } else if (resultRecord != null) {
      // A record of numbers is returned as its components: a vector-valued method.
      String refused = resultRefused(resultRecord);
      if (refused != null) {
        reporter.error(method, Message.RECORD_RESULT, shown, method.getReturnType(), refused);
        ok = false;
      }
      returnType = Type.DOUBLE;
      returnRank = 1;
    } else if (method.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID) {
      // Out-parameters: its results are the arrays it writes into (MethodIr.ofVoid).
      returnsVoid = true;
    } else if (!((returnType == Type.DOUBLE || returnType == Type.FLOAT) && returnRank <= 2)) {
      reporter.error(method, Message.RETURN_TYPE, shown, method.getReturnType());
      ok = false;
    }
    if (annotation.modes().length == 0) {
      reporter.error(method, Message.NO_MODES, shown);
      ok = false;
    }
    String secondOrder =
        tangentRule != null ? null : secondOrderRefused(annotation, returnsVoid, returnRank, resultRecord);
    if (annotation.order() != 1 && annotation.order() != 2) {
      reporter.error(method, Message.ORDER, shown, annotation.order());
      ok = false;
    } else if (secondOrder != null) {
      reporter.error(method, Message.SECOND_ORDER, shown, secondOrder);
      ok = false;
    }
    Set<String> active = activeNames(method, annotation);
    if (active == null) {
      return null;
    }
    List<MethodIr.Parameter> parameters = new ArrayList<>();
    LocalScope scope = new LocalScope();
    int id = 0;
    for (VariableElement p : method.getParameters()) {
      String name = p.getSimpleName().toString();
      boolean isActive = active.contains(name);
      Type type = Types.element(p.asType());
      int rank = Types.rank(p.asType());
      // double and float, and arrays of them with up to two dimensions, can be active, and
      // records of them.
      String refused = isActive ? recordRefused(p) : null;
      if (refused != null) {
        reporter.error(p, Message.RECORD_PARAMETER, name, Types.source(p.asType()), refused);
        ok = false;
        continue;
      }
      if (isActive && RecordParameters.recordOf(p, trees, elements) == null
          && (type == null || !type.isFloating() || rank > 2)) {
        reporter.error(p, Message.PARAMETER_TYPE, name, Types.source(p.asType()));
        ok = false;
        continue;
      }
      TypeElement record = isActive ? RecordParameters.recordOf(p, trees, elements) : null;
      if (record != null) {
        // Scalar replacement: the record's components are the parameters javad differentiates.
        List<Variable> components = new ArrayList<>();
        for (javax.lang.model.element.RecordComponentElement c : record.getRecordComponents()) {
          String component = c.getSimpleName().toString();
          String flat = RecordParameters.componentName(method, name, component);
          Variable v =
              new Variable(flat, Types.element(c.asType()), id++, true, Types.rank(c.asType()));
          components.add(v);
          parameters.add(new MethodIr.Parameter(v, true, Types.source(c.asType())));
        }
        scope.declareOpaque(name, Types.source(p.asType()));
        scope.declareRecord(name, ValueShape.of(record, trees, elements), components);
        records.add(new RecordParameters(name, record, method.getParameters().indexOf(p), components));
        continue;
      }
      Variable variable = new Variable(name, type, id++, true, rank);
      if (type != null && rank <= 2) {
        scope.declare(name, variable);
      } else {
        scope.declareOpaque(name, Types.source(p.asType()));
      }
      parameters.add(new MethodIr.Parameter(variable, isActive, Types.source(p.asType())));
    }
    if (Arrays.asList(annotation.modes()).contains(Mode.REVERSE)) {
      for (VariableElement p : method.getParameters()) {
        String name = p.getSimpleName().toString();
        if (active.contains(name) && RESERVED_COMPONENTS.contains(name)) {
          String clash = name.equals("value") ? "value component" : "record method " + name + "()";
          reporter.error(p, Message.NAME_CLASH, name, shown, clash, recordNameHint(shown));
          ok = false;
        }
      }
    }
    if (!ok) {
      return null;
    }
    TreePath path = paths != null && paths.containsKey(method) ? paths.get(method) : trees.getPath(method);
    if (path == null) {
      return null; // not from source (cannot happen for an element of this round)
    }
    MethodTree tree = (MethodTree) path.getLeaf();
    CompilationUnitTree unit = path.getCompilationUnit();
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    this.unit = unit;
    ExpressionContext context =
        new ExpressionContext(
            trees, elements, unit, new NameResolver(elements, owner, unit), rules, callSites,
            instance ? owner : null, privateMembers);
    privateMembers.reading(method);
    java.util.Set<String> localNames = LocalNames.of(tree);
    if (instance
        && (localNames.contains(SELF)
            || method.getParameters().stream()
                .anyMatch(p -> p.getSimpleName().contentEquals(SELF)))) {
      reporter.error(method, Message.SELF_NAME, shown);
      return null;
    }
    Namer namer = new Namer(localNames);
    BodyReader reader = new BodyReader(context, reporter, scope, id, namer);
    reader.returnsValue(resultRecord);
    reader.returnsTangent(tangentRule);
    reader.returnsArray(returnRank > 0 && resultRecord == null && tangentRule == null);
    reader.returnsVoid(returnsVoid);
    parameters.forEach(p -> reader.declared(p.variable().name()));
    int errorsBefore = reporter.errorCount();
    List<Stmt> statements = reader.read(tree.getBody());
    if (statements == null) {
      if (reporter.errorCount() == errorsBefore) {
        // Only follow-ups of problems javac itself reports (a typo): a warning, so that javac
        // goes on to report them, and so that the method is never left out without a word.
        reporter.warning(method, Message.UNREAD, shown);
      }
      return null;
    }
    if (returnsVoid) {
      List<Stmt> body = new ArrayList<>(statements);
      if (body.isEmpty() || !(body.get(body.size() - 1) instanceof Stmt.Return)) {
        body.add(BodyReader.voidReturn());
      }
      return MethodIr.ofVoid(shown, parameters, body);
    }
    return new MethodIr(shown, parameters, returnType, returnRank, statements);
  }

  /**
   * Names of the active parameters: those in {@code wrt}, or every floating-point parameter not
   * marked {@code @NoDerivative}. {@code null} after reporting a problem.
   */
  private Set<String> activeNames(ExecutableElement method, Differentiable annotation) {
    Map<String, VariableElement> byName = new HashMap<>();
    for (VariableElement p : method.getParameters()) {
      byName.put(p.getSimpleName().toString(), p);
    }
    Set<String> active = new LinkedHashSet<>();
    boolean ok = true;
    if (annotation.wrt().length == 0) {
      for (VariableElement p : method.getParameters()) {
        boolean differentiable =
            Types.isFloatingKind(p.asType())
                || RecordParameters.recordOf(p, trees, elements) != null
                || recordRefused(p) != null; // reported below, at the parameter
        if (differentiable && p.getAnnotation(NoDerivative.class) == null) {
          active.add(p.getSimpleName().toString());
        }
      }
    } else {
      for (String name : annotation.wrt()) {
        VariableElement p = byName.get(name);
        if (p == null) {
          reportWrt(method, Message.WRT_UNKNOWN, name, method.getSimpleName(), parameterList(method));
          ok = false;
        } else if (!Types.isFloatingKind(p.asType())
            && RecordParameters.recordOf(p, trees, elements) == null
            && recordRefused(p) == null) {
          reportWrt(method, Message.WRT_NOT_FLOATING, name, p.asType());
          ok = false;
        } else if (p.getAnnotation(NoDerivative.class) != null) {
          reportWrt(method, Message.WRT_NO_DERIVATIVE, name);
          ok = false;
        } else {
          active.add(name);
        }
      }
    }
    if (ok && active.isEmpty()) {
      reporter.error(method, Message.NO_ACTIVE_PARAMETER, method.getSimpleName());
      ok = false;
    }
    return ok ? active : null;
  }

  /** Why javad cannot differentiate record parameter {@code p}, or null. */
  private String recordRefused(VariableElement p) {
    return p.asType() instanceof javax.lang.model.type.DeclaredType d
            && d.asElement() instanceof TypeElement t
        ? RecordParameters.notDifferentiable(t, trees, elements)
        : null;
  }

  private static String recordNameHint(String method) {
    return "gradient record " + Character.toUpperCase(method.charAt(0)) + method.substring(1) + "Gradient";
  }

  /** Why a method of order 2 cannot be, from its declaration; null if it can (or is of order 1). */
  private String secondOrderRefused(
      Differentiable annotation, boolean returnsVoid, int returnRank, ValueShape resultRecord) {
    if (annotation.order() != 2) {
      return null;
    }
    if (returnRank > 1 || resultRecord != null) {
      // A double[] or void gets fDirectional alone, for order-2 callers (fHvp is of a scalar
      // function).
      return "it returns neither a number, a double[] nor void (fHvp and fHessian are of a scalar"
          + " function; a vector-valued or void one gets fDirectional, for its order-2 callers)";
    }
    if (!Arrays.asList(annotation.modes()).containsAll(List.of(Mode.FORWARD, Mode.REVERSE))) {
      return "it needs both modes, since fHvp differentiates the tangent in reverse mode; drop modes";
    }
    return null;
  }

  private void reportWrt(ExecutableElement method, Message message, Object... args) {
    for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
      if (mirror.getAnnotationType().toString().equals(Differentiable.class.getName())) {
        for (var entry : mirror.getElementValues().entrySet()) {
          if (entry.getKey().getSimpleName().contentEquals("wrt")) {
            AnnotationValue value = entry.getValue();
            reporter.error(method, mirror, value, message, args);
            return;
          }
        }
      }
    }
    reporter.error(method, message, args);
  }

  private static String parameterList(ExecutableElement method) {
    return method.getParameters().stream()
        .map(p -> p.getSimpleName().toString())
        .collect(Collectors.joining(", "));
  }
}
