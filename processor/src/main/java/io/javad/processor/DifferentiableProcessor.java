package io.javad.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import com.sun.source.util.Trees;
import io.javad.Differentiable;
import io.javad.Mode;
import io.javad.processor.analysis.Activity;
import io.javad.processor.check.LocalClassCheck;
import io.javad.processor.check.MethodChecks;
import io.javad.processor.check.OpaqueCalls;
import io.javad.processor.check.TangentSignatures;
import io.javad.processor.diag.Message;
import io.javad.processor.diag.Reporter;
import io.javad.processor.emit.CodeSize;
import io.javad.processor.emit.CompanionWriter;
import io.javad.processor.emit.HandleMembers;
import io.javad.processor.emit.Origin;
import io.javad.processor.emit.OverrideGuard;
import io.javad.processor.emit.RecordMembers;
import io.javad.processor.emit.RecordResultMembers;
import io.javad.processor.emit.RecordNames;
import io.javad.processor.forward.TangentGenerator;
import io.javad.processor.forward.TangentProgram;
import io.javad.processor.front.DerivativeRules;
import io.javad.processor.front.MethodReader;
import io.javad.processor.front.PrivateMembers;
import io.javad.processor.front.RecordParameters;
import io.javad.processor.front.TangentRules;
import io.javad.processor.front.Visibility;
import io.javad.processor.ir.Callee;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.lower.Hoisting;
import io.javad.processor.lower.Lowering;
import io.javad.processor.lower.OpaqueValues;
import io.javad.processor.reverse.AdjointGenerator;
import io.javad.processor.reverse.SecondOrderMembers;
import io.javad.processor.reverse.StructuredAdjointGenerator;
import io.javad.processor.rules.MathRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * javad's annotation processor. For each class with {@link Differentiable} methods it reads every
 * such method (front end), analyses it, generates its tangent and adjoint code, and writes one
 * companion class {@code <Class>Derivatives}. A method with errors is reported and left out; the
 * others of its class are still generated, so a user sees only the errors that matter.
 */
@AutoService(Processor.class)
@SupportedAnnotationTypes({
  "io.javad.Differentiable",
  "io.javad.DerivativeOf",
  "io.javad.TangentOf",
  "io.javad.AdjointOf",
  "io.javad.NoDerivative",
  "io.javad.runtime.ArrayParameterEffects",
  "javax.annotation.processing.Generated"
})
@javax.annotation.processing.SupportedOptions({
  DifferentiableProcessor.GRAPH_OPTION,
  DifferentiableProcessor.NOTES_OPTION
})
public final class DifferentiableProcessor extends AbstractProcessor {

  /** {@code -Ajavad.graph=true}: each method's computational graph as DOT beside its companion. */
  static final String GRAPH_OPTION = "javad.graph";

  /** {@code -Ajavad.notes=true}: a note per method saying which mode gives its whole derivative. */
  static final String NOTES_OPTION = "javad.notes";

  private static final String GENERATED = "javax.annotation.processing.Generated";

  private Trees trees;
  private Reporter reporter;
  /** Per class, the handles its companion needs on private members. */
  private final Map<TypeElement, PrivateMembers> privateMembers = new LinkedHashMap<>();

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    trees = JavacTrees.obtain(env);
    reporter = new Reporter(env.getMessager(), trees);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      run(round);
    } finally {
      io.javad.processor.ir.SourceLines.clear();
    }
    return claims(annotations, round);
  }

  private void run(RoundEnvironment round) {
    if (trees != null) {
      LocalClassCheck.run(round, trees, reporter);
    }
    DerivativeRules rules =
        DerivativeRules.collect(
            round, processingEnv.getTypeUtils(), processingEnv.getElementUtils(), reporter);
    writeRuleChecks(rules);
    Map<TypeElement, List<ExecutableElement>> byClass = new LinkedHashMap<>();
    for (Element e : round.getElementsAnnotatedWith(Differentiable.class)) {
      if (e.getKind() == ElementKind.METHOD) {
        byClass
            .computeIfAbsent((TypeElement) e.getEnclosingElement(), k -> new ArrayList<>())
            .add((ExecutableElement) e);
      }
    }
    if (byClass.isEmpty()) {
      return;
    }
    if (processingEnv.getSourceVersion().compareTo(SourceVersion.RELEASE_16) < 0) {
      // Companions use records, and fTangent returns the runtime's Dual, a record too: one error.
      Element first = byClass.values().iterator().next().get(0);
      reporter.error(
          first, Message.RELEASE, processingEnv.getSourceVersion().name().replace("RELEASE_", ""));
      return;
    }
    if (trees == null) {
      Element first = byClass.values().iterator().next().get(0);
      reporter.error(first, Message.NO_JAVAC_TREES, processingEnv.getClass().getName());
      return;
    }
    Map<TypeElement, List<Generated>> generated = new LinkedHashMap<>();
    byClass.forEach((type, methods) -> generated.put(type, processClass(type, methods, rules)));
    Generated.dropCallersOfFailed(generated.values(), reporter);
    generated.forEach(this::writeCompanion);
  }

  /**
   * Whether to claim this round's annotations, so that a build with {@code -Xlint:all -Werror} is
   * not failed by javac's "No processor claimed any of these annotations": javad's own always, and
   * in the rounds of its companions their {@code @Generated}, unless another generator's classes
   * carry it too (which its processors may want to see).
   */
  private boolean claims(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      if (!annotation.getQualifiedName().contentEquals(GENERATED)) {
        continue;
      }
      for (Element e : round.getElementsAnnotatedWith(annotation)) {
        boolean ours =
            e.getAnnotationMirrors().stream()
                .filter(m -> ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(GENERATED))
                .anyMatch(m -> m.getElementValues().values().toString().contains(getClass().getName()));
        if (!ours) {
          return false;
        }
      }
    }
    return true;
  }

  /** A check per rule of the round, for the user's tests ({@link io.javad.processor.emit.RuleChecks}). */
  private void writeRuleChecks(DerivativeRules rules) {
    for (com.palantir.javapoet.JavaFile file : io.javad.processor.emit.RuleChecks.of(rules.ofRound(), rules.functionRulesOfRound())) {
      try {
        file.writeTo(processingEnv.getFiler());
      } catch (IOException e) {
        reporter.warning(
            file.typeSpec().originatingElements().get(0), Message.WRITE_FAILED,
            file.packageName() + "." + file.typeSpec().name(), e.getMessage());
      }
    }
  }

  private List<Generated> processClass(
      TypeElement type, List<ExecutableElement> methods, DerivativeRules rules) {
    ClassName owner = ClassName.get(type);
    ClassName companion = CompanionWriter.companionOf(owner);
    RecordNames recordNames = RecordNames.of(methods);
    PrivateMembers handles =
        privateMembers.computeIfAbsent(
            type, t -> new PrivateMembers().inPackage(Visibility.packageOf(t)));
    List<Generated> results = new ArrayList<>();
    TangentSignatures signatures = new TangentSignatures(reporter);
    Map<ExecutableElement, com.sun.source.util.TreePath> paths = MethodReader.methodPaths(trees, type);
    for (ExecutableElement method : methods) {
      // A tangent rule gets the reverse mode of its tangent alone (TangentRules).
      boolean tangentRule = TangentRules.form(method) != null;
      Set<Mode> modes =
          tangentRule
              ? Set.of(Mode.REVERSE)
              : Set.copyOf(Arrays.asList(method.getAnnotation(Differentiable.class).modes()));
      // Callers name a method by its companion and gradient record: over the components for one
      // differentiated with respect to records (see Callees).
      String calleeRecord =
          tangentRule
              ? SecondOrderMembers.directionalRecord(recordNames.of(method))
              : RecordParameters.hasActiveRecord(method, trees, processingEnv.getElementUtils())
                      || RecordParameters.returnsRecord(method, trees, processingEnv.getElementUtils())
                  ? RecordMembers.componentsRecord(recordNames.of(method))
                  : recordNames.of(method);
      Generated result =
          new Generated(method, Callee.key(companion.canonicalName(), calleeRecord), modes);
      results.add(result);
      try {
        MethodReader reader =
            new MethodReader(trees, processingEnv.getElementUtils(), rules, reporter, handles)
                .withPaths(paths);
        MethodIr read = reader.read(method);
        if (read == null || !tangentRule && !signatures.accept(method, read)) {
          continue;
        }
        MethodIr ir = Lowering.normalize(read);
        List<RecordParameters> records = reader.records();
        TypeElement resultRecord = reader.resultRecord();
        // A method differentiated with respect to records, or returning one, is generated over
        // the records' components (LossComponentsGradient, tipComponentsTangent), then given its
        // record-typed forms.
        String recordName = recordNames.of(method);
        boolean overComponents = !records.isEmpty() || resultRecord != null;
        Origin origin =
            new Origin(
                owner, companion, ir.name(), link(owner, method), recordName,
                !method.getModifiers().contains(javax.lang.model.element.Modifier.STATIC),
                selfType(type, owner));
        Origin flat =
            tangentRule
                ? SecondOrderMembers.directionalOrigin(origin)
                : !overComponents
                ? origin
                : resultRecord != null
                    ? RecordResultMembers.overComponents(origin)
                    : origin.withRecordName(RecordMembers.componentsRecord(recordName));
        result.read(ir, reader);
        result.guardOverrides(OverrideGuard.of(method, processingEnv.getTypeUtils(), handles));
        if (Boolean.parseBoolean(processingEnv.getOptions().get(GRAPH_OPTION))) {
          writeGraph(method, companion, recordName, ir);
        }
        generate(method, ir, flat, recordName, result, reader, reporter);
        if (tangentRule && !result.reverse.isEmpty()) {
          result.reverse.add(SecondOrderMembers.ruleDirectional(method, read, flat, reader.bridge(method)));
        }
        if (Boolean.parseBoolean(processingEnv.getOptions().get(NOTES_OPTION))) {
          reporter.note(method, io.javad.processor.analysis.ModeAdvice.of(ir));
        }
        if (dropTooLarge(method, ir, result)) {
          continue;
        }
        if (!overComponents) {
          continue;
        }
        RecordMembers parameters = new RecordMembers(method, ir, records, origin);
        if (ir.isVectorValued()) {
          addVectorForms(
              result, new RecordResultMembers(ir, resultRecord, parameters, origin, flat), flat);
          continue;
        }
        if (!result.forward.isEmpty()) {
          result.forward.add(parameters.tangent());
        }
        if (!result.reverse.isEmpty()) {
          ClassName gradient = companion.nestedClass(recordName);
          result.reverse.add(parameters.gradient(gradient, companion.nestedClass(flat.recordName())));
          result.records.add(parameters.gradientRecord(gradient));
        }
        if (method.getAnnotation(Differentiable.class).order() == 2 && !result.reverse.isEmpty()) {
          // fHvp and fHessian over the same flattened inputs, taking the records as records.
          String base = recordName.substring(0, recordName.length() - "Gradient".length());
          result.reverse.add(
              parameters.secondOrder(origin.method() + "Hvp", companion.nestedClass(base + "Hvp"), true));
          result.reverse.add(
              parameters.secondOrder(
                  origin.method() + "Hessian", companion.nestedClass(base + "Hessian"), false));
        }
      } catch (RuntimeException e) {
        // A bug of ours must not become a stack trace in the user's build (unless asked for, with
        // javac -J-Djavad.debug=true, for a bug report).
        reporter.error(method, Message.INTERNAL, method.getSimpleName(), e);
        if (Boolean.getBoolean("javad.debug")) {
          e.printStackTrace();
        }
      }
    }
    return results;
  }

  /**
   * {@code SeedTutorialDerivatives.f.dot} in the class output, beside the companion's class (so on
   * the class path too): the method's graph ({@link GraphWriter}).
   */
  private void writeGraph(ExecutableElement method, ClassName companion, String recordName, MethodIr ir) {
    String base = recordName.substring(0, recordName.length() - "Gradient".length());
    String file =
        companion.simpleName() + "." + Character.toLowerCase(base.charAt(0)) + base.substring(1) + ".dot";
    try (java.io.Writer w =
        processingEnv.getFiler()
            .createResource(
                javax.tools.StandardLocation.CLASS_OUTPUT, companion.packageName(), file, method)
            .openWriter()) {
      w.write(io.javad.processor.emit.GraphWriter.of(ir));
    } catch (IOException e) {
      reporter.error(method, Message.WRITE_FAILED, file, e.getMessage());
    }
  }

  /**
   * Reports a method whose derivative code would be over the JVM's 64 KB per method, and drops its
   * members, so that the companion compiles (its callers are dropped in turn, as for any failure).
   */
  private boolean dropTooLarge(ExecutableElement method, MethodIr ir, Generated result) {
    List<MethodSpec> all = new ArrayList<>(result.forward);
    all.addAll(result.reverse);
    String overSlots = CodeSize.overSlots(all, result.records);
    if (overSlots != null) {
      reporter.error(method, Message.TOO_MANY_SLOTS, ir.name(), overSlots);
      result.forward.clear();
      result.reverse.clear();
      result.records.clear();
      return true;
    }
    if (!CodeSize.mayBeTooLarge(ir)) {
      return false; // estimating prints the code: only for methods that could be near the limit
    }
    for (List<MethodSpec> members : List.of(result.forward, result.reverse)) {
      for (MethodSpec m : members) {
        if (CodeSize.tooLarge(m)) {
          reporter.error(
              method, Message.CODE_TOO_LARGE, ir.name(), m.name(), CodeSize.estimate(m) / 1024,
              ir.name());
          result.forward.clear();
          result.reverse.clear();
          result.records.clear();
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The record-typed {@code fTangent} and {@code fPullback} of a vector-valued method over records'
   * components, and, for one returning a record, {@code fComponents} for callers.
   */
  private static void addVectorForms(Generated result, RecordResultMembers forms, Origin flat) {
    MethodSpec tangent = named(result.forward, flat.tangentName());
    MethodSpec pullback = named(result.reverse, flat.pullbackName());
    if (tangent != null) {
      result.forward.add(forms.tangent());
      forms.tangentRecordSpec().ifPresent(result.records::add);
    }
    if (pullback != null) {
      result.reverse.add(forms.pullback());
      result.records.add(forms.pullbackRecordSpec());
    }
    if (!forms.returnsRecord()) {
      return;
    }
    if (tangent != null) {
      result.forward.add(forms.primalFromTangent(tangent));
    } else if (pullback != null) {
      result.reverse.add(forms.primalFromPullback(pullback));
    }
  }

  private static MethodSpec named(List<MethodSpec> members, String name) {
    return members.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
  }

  private void writeCompanion(TypeElement type, List<Generated> generated) {
    ClassName owner = ClassName.get(type);
    ClassName companion = CompanionWriter.companionOf(owner);
    List<MethodSpec> memberMethods = new ArrayList<>();
    List<TypeSpec> records = new ArrayList<>();
    List<ExecutableElement> written = new ArrayList<>();
    for (Generated g : generated) {
      memberMethods.addAll(g.members(Mode.FORWARD));
      memberMethods.addAll(g.members(Mode.REVERSE));
      records.addAll(g.records);
      if (!g.forward.isEmpty() || !g.reverse.isEmpty()) {
        written.add(g.method);
      }
    }
    if (memberMethods.isEmpty()) {
      return;
    }
    PrivateMembers members = privateMembers.getOrDefault(type, new PrivateMembers());
    List<PrivateMembers.Handle> handles = members.usedBy(written);
    List<FieldSpec> fields =
        new ArrayList<>(
            HandleMembers.fields(
                handles, processingEnv.getTypeUtils(), processingEnv.getElementUtils(), members));
    for (Generated g : generated) {
      if (g.overrideGuard != null && written.contains(g.method)) {
        fields.add(g.overrideGuard.field());
      }
    }
    memberMethods.addAll(HandleMembers.bridges(handles, processingEnv.getTypeUtils(), members));
    try {
      List<String> shadowed = new ArrayList<>();
      java.util.Set<String> variables = new java.util.HashSet<>();
      for (Generated g : generated) {
        if (g.ir != null) {
          variables.addAll(g.ir.variableNames()); // a parameter named Math hides the class
        }
      }
      for (String name : CompanionWriter.REFERENCED) {
        String inPackage = owner.packageName().isEmpty() ? name : owner.packageName() + "." + name;
        if (processingEnv.getElementUtils().getTypeElement(inPackage) != null
            || variables.contains(name)) {
          shadowed.add(name);
        }
      }
      CompanionWriter.write(
          CompanionWriter.build(owner, type, fields, memberMethods, records, shadowed),
          processingEnv.getFiler());
    } catch (IOException e) {
      reporter.error(type, Message.WRITE_FAILED, companion, e.getMessage());
    }
  }

  /**
   * The pipeline after the front end: lower, analyse, check, then generate each mode's members
   * (emitted with the companion). A problem is reported at its call or at the method, which is
   * then left out.
   */
  private static void generate(
      ExecutableElement method,
      MethodIr normalized,
      Origin origin,
      String recordName,
      Generated result,
      MethodReader reader,
      Reporter reporter) {
    Set<Mode> modes = result.modes;
    Lowering.Result lowered = Lowering.apply(normalized);
    if (lowered.problem() != null) {
      Lowering.Problem p = lowered.problem();
      report(method, reader, reporter, p.at(), p.statement(), p.message(), p.arguments());
      return;
    }
    MethodIr ir = lowered.ir();
    Activity activity = Activity.of(ir);
    MethodChecks.Problem problem = MethodChecks.first(ir, activity, modes, reader);
    if (problem != null) {
      report(method, reader, reporter, problem.at(), problem.statement(), problem.message(), problem.arguments());
      return;
    }
    result.markEffects(ArrayEffects.of(ir));
    // Each generated method has its own namespace; both start from the user's names.
    if (modes.contains(Mode.FORWARD)) {
      Namer namer = new Namer(ir.variableNames());
      MethodIr bound = OpaqueValues.bind(ir, OpaqueCalls::isOpaque, namer);
      MethodIr hoisted = Hoisting.apply(bound, Activity.of(bound)::isActive, namer, true, c -> true);
      result.forward.add(TangentGenerator.generate(hoisted, Activity.of(hoisted), namer, origin));
      if (io.javad.processor.emit.ResultTypes.ownTangentRecord(ir)) {
        result.records.add(io.javad.processor.emit.ResultTypes.tangentRecord(ir, origin));
      }
    }
    if (modes.contains(Mode.REVERSE)) {
      Namer namer = new Namer(ir.variableNames());
      MethodIr bound = OpaqueValues.bind(ir, OpaqueCalls::isOpaque, namer);
      MethodIr hoisted =
          Hoisting.apply(
              bound, Activity.of(bound)::isActive, namer, false, MathRules::partialsReadValue);
      // Straight-line code gets the tape-free SSA adjoint; branches and loops the structured one.
      AdjointGenerator.Members adjoint =
          StmtScan.hasControlFlow(hoisted.body())
                  || StmtScan.hasArrays(hoisted)
                  || hoisted.isVectorValued()
              ? StructuredAdjointGenerator.generate(hoisted, Activity.of(hoisted), namer, origin)
              : AdjointGenerator.generate(hoisted, Activity.of(hoisted), namer, origin);
      result.reverse.addAll(adjoint.methods());
      result.records.addAll(adjoint.records());
    }
    if (method.getAnnotation(Differentiable.class).order() == 2) {
      secondOrder(method, ir, activity, origin, recordName, result, reader, reporter);
    }
    if (modes.contains(Mode.FORWARD_VECTOR)) {
      // The tangent as a program, printed with each tangent an array over the directions.
      try {
        Namer namer = new Namer(ir.variableNames());
        // Each call javad cannot see into runs once, into a local both the value and the
        // tangents read.
        MethodIr bound = OpaqueValues.bind(ir, OpaqueCalls::isOpaque, namer);
        TangentProgram.Program program =
            TangentProgram.withValue(bound, Activity.of(bound), namer, ir.name() + "Tangents");
        result.forward.add(
            io.javad.processor.forward.VectorTangents.generate(
                program.method(), program.dots(), namer, ir, origin));
        if (ir.isVectorValued() && modes.contains(Mode.REVERSE)) {
          // In fJacobian's record, which reverse mode writes.
          result.forward.add(io.javad.processor.forward.VectorTangents.jacobianForward(ir, origin));
        }
      } catch (TangentProgram.Unsupported e) {
        report(method, reader, reporter, e.at(), Message.VECTOR_MODE, new Object[] {ir.name(), e.getMessage()});
      }
    }
  }

  /**
   * {@code @Differentiable(order = 2)}: the tangent as a program ({@code fDirectional}),
   * differentiated again by the reverse generators, and {@code fHvp} and {@code fHessian} on top.
   */
  private static void secondOrder(
      ExecutableElement method,
      MethodIr ir,
      Activity activity,
      Origin origin,
      String recordName,
      Generated result,
      MethodReader reader,
      Reporter reporter) {
    // A void method's results are the arrays it writes; others would change fHessian's inputs.
    if (!ir.returnsVoid()
        && !java.util.Collections.disjoint(
            StmtScan.writtenArrays(ir.body()),
            ir.parameters().stream().map(MethodIr.Parameter::variable).toList())) {
      reporter.error(
          method, Message.SECOND_ORDER, ir.name(), "it writes into its array parameters; work on copies");
      return;
    }
    Namer namer = new Namer(ir.variableNames());
    MethodIr directional;
    try {
      // Each call javad cannot see into runs once, into a local the tangent reads too.
      MethodIr bound = OpaqueValues.bind(ir, OpaqueCalls::isOpaque, namer);
      directional = TangentProgram.of(bound, Activity.of(bound), namer, ir.name() + "Directional");
    } catch (TangentProgram.Unsupported e) {
      report(method, reader, reporter, e.at(), Message.SECOND_ORDER, new Object[] {ir.name(), e.getMessage()});
      return;
    }
    Expr.Call opaque = OpaqueCalls.activeArgument(directional, Activity.of(directional));
    if (opaque != null) {
      // A @DerivativeOf rule's partial is a call whose own derivative javad does not know.
      reporter.error(
          method, Message.SECOND_ORDER, ir.name(),
          "its tangent calls " + OpaqueCalls.shown(opaque) + " (a @DerivativeOf rule, or a method"
              + " javad cannot see into), whose own derivative javad does not know; write the"
              + " function in Java javad can read, as a @Differentiable(order = 2) method");
      return;
    }
    MethodIr bound = OpaqueValues.bind(directional, OpaqueCalls::isOpaque, namer);
    MethodIr hoisted =
        Hoisting.apply(bound, Activity.of(bound)::isActive, namer, false, MathRules::partialsReadValue);
    Origin directionalOrigin = SecondOrderMembers.directionalOrigin(origin);
    AdjointGenerator.Members adjoint =
        StmtScan.hasControlFlow(hoisted.body()) || StmtScan.hasArrays(hoisted) || hoisted.isVectorValued()
            ? StructuredAdjointGenerator.generate(hoisted, Activity.of(hoisted), namer, directionalOrigin)
            : AdjointGenerator.generate(hoisted, Activity.of(hoisted), namer, directionalOrigin);
    boolean workspace =
        adjoint.methods().stream()
            .anyMatch(m -> m.name().equals(directionalOrigin.gradientName())
                && !m.parameters().isEmpty()
                && m.parameters().get(0).type().toString().endsWith(directionalOrigin.workspaceClass()));
    SecondOrderMembers members = new SecondOrderMembers(ir, directional, origin, recordName, workspace);
    result.reverse.addAll(adjoint.methods());
    result.reverse.addAll(members.methods());
    result.records.addAll(adjoint.records());
    result.records.addAll(members.records());
  }

  /** An error at {@code at}, a call in the method, or at the method itself. */
  private static void report(
      ExecutableElement method,
      MethodReader reader,
      Reporter reporter,
      Expr.Call at,
      Message message,
      Object[] arguments) {
    report(method, reader, reporter, at, null, message, arguments);
  }

  /** At the call, else at the statement whose line the IR carries, else at the method. */
  private static void report(
      ExecutableElement method,
      MethodReader reader,
      Reporter reporter,
      Expr.Call at,
      io.javad.processor.ir.Stmt statement,
      Message message,
      Object[] arguments) {
    io.javad.processor.ir.SourceLines.Line line =
        statement == null ? null : io.javad.processor.ir.SourceLines.of(statement);
    if (at != null) {
      reader.errorAtCall(at, method, message, arguments);
    } else if (line != null && line.node() instanceof com.sun.source.tree.Tree node
        && line.unit() instanceof com.sun.source.tree.CompilationUnitTree unit) {
      reporter.error(node, unit, message, arguments);
    } else {
      reporter.error(method, message, arguments);
    }
  }

  /** The type of {@code self}: {@code Box<?>} for a generic class, Object for a private one. */
  private static TypeName selfType(TypeElement type, ClassName owner) {
    if (!Visibility.nameable(type)) {
      return ClassName.OBJECT;
    }
    if (type.getTypeParameters().isEmpty()) {
      return owner;
    }
    TypeName[] wildcards = new TypeName[type.getTypeParameters().size()];
    Arrays.fill(wildcards, WildcardTypeName.subtypeOf(Object.class));
    return ParameterizedTypeName.get(owner, wildcards);
  }

  /** {@code Model#f(double, Params)}: the method as declared (a record parameter as such). */
  private String link(ClassName owner, ExecutableElement method) {
    List<String> types = new ArrayList<>();
    for (javax.lang.model.element.VariableElement p : method.getParameters()) {
      types.add(processingEnv.getTypeUtils().erasure(p.asType()).toString());
    }
    return String.join(".", owner.simpleNames())
        + "#" + method.getSimpleName() + "(" + String.join(", ", types) + ")";
  }
}
