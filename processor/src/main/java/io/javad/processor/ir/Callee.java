package io.javad.processor.ir;

import java.util.List;

/**
 * What a caller needs to know about a {@code @Differentiable} method it calls: where the callee's
 * generated derivatives are and how they are called. The callee's derivative lives in its own
 * companion; a caller only calls it.
 *
 * @param companion the callee's companion class, qualified: {@code p.ModelDerivatives}
 * @param method the callee's name
 * @param record the simple name of its gradient record, {@code FGradient}, with any overload suffix
 * @param names per parameter, its name: the component of the gradient record for an active one
 * @param active per parameter, whether the callee differentiates for it
 * @param ranks per parameter, its array rank (0 for a scalar or a non-array)
 * @param rank the callee's result rank: 0 for a scalar, 1 for {@code double[]}
 * @param forward whether the callee has forward mode ({@code fTangent})
 * @param reverse whether the callee has reverse mode
 * @param workspace whether its accumulating form takes a reusable workspace ({@code
 *     fAdjoint(FWorkspace ws, ...)}), which callers then keep in their own
 * @param records the parameters its generated members take as a record's components
 * @param packsTangents whether its tangent takes the scalar tangents in one array ({@link
 *     TangentSlots})
 * @param written per parameter, whether the callee writes into the array passed for it (an
 *     out-parameter): its derivative members then update that array's tangent or adjoint in place
 * @param returnsVoid whether the callee returns nothing: its results are the arrays it writes
 * @param secondOrder whether it is {@code @Differentiable(order = 2)}: its companion then has
 *     {@code gDirectional} and that method's reverse-mode members, which second-order callers use
 * @param rules for a function whose derivatives the user wrote ({@code @TangentOf}, {@code
 *     @AdjointOf}), where they are; null for a {@code @Differentiable} method
 */
public record Callee(
    String companion,
    String method,
    String record,
    List<String> names,
    List<Boolean> active,
    List<Integer> ranks,
    int rank,
    boolean forward,
    boolean reverse,
    boolean workspace,
    List<RecordGroup> records,
    boolean packsTangents,
    List<Boolean> written,
    boolean returnsVoid,
    boolean secondOrder,
    UserRules rules) {

  /**
   * A function's user-written tangent and accumulating adjoint, in place of a companion's members:
   * each a qualified class and a method name (both null where there is none), or no class and the
   * companion's bridge to a rule it cannot name; {@code directional}, for a tangent rule that is
   * {@code @Differentiable}, the tangent alone ({@code solveDirectional} in the rule class's
   * companion) with its reverse-mode members, which second order uses; else null, also where the
   * rule is marked but refused ({@code tangentMarked}), with an error at the rule.
   */
  public record UserRules(
      String tangentClass,
      String tangent,
      String adjointClass,
      String adjoint,
      Callee directional,
      boolean tangentMarked) {}

  /**
   * Parameters {@code start .. start + size - 1} are the components of a record parameter of
   * class {@code className} (the generated members take them one by one; the method itself takes
   * {@code new className(...)}).
   */
  public record RecordGroup(int start, int size, String className) {}

  public Callee {
    names = List.copyOf(names);
    active = List.copyOf(active);
    ranks = List.copyOf(ranks);
    records = List.copyOf(records);
    written = List.copyOf(written);
  }

  /** Whether the callee writes into the array passed for parameter {@code i}. */
  public boolean writes(int i) {
    return written.get(i);
  }

  /** Names the callee uniquely: its companion and gradient record. */
  public String key() {
    return key(companion, record);
  }

  /** The {@link #key()} of the method with this companion and gradient record. */
  public static String key(String companion, String record) {
    return companion + "#" + record;
  }

  /** The tangent member's name: {@code fTangent}, or the user's {@code @TangentOf} rule. */
  public String tangent() {
    return rules != null ? rules.tangent() : method + "Tangent";
  }

  /** The class of the tangent member: the companion, or the user's rule class. */
  public String tangentClass() {
    return rules != null ? rules.tangentClass() : companion;
  }

  /** The class of the reverse member: the companion, or the user's rule class. */
  public String adjointClass() {
    return rules != null ? rules.adjointClass() : companion;
  }

  /** Whether its derivatives are the user's whole-function rules rather than a companion's. */
  public boolean userRules() {
    return rules != null;
  }

  /**
   * The reverse member a caller uses: {@code fAdjoint}, the accumulating form, for a scalar callee
   * with an active array parameter; {@code fGradient} for one with scalar parameters only (no
   * array to allocate); {@code fPullback} for a vector-valued callee.
   */
  public String adjoint() {
    if (rules != null) {
      return rules.adjoint();
    }
    if (rank > 0) {
      return method + "Pullback";
    }
    return accumulates() ? method + "Adjoint" : method + "Gradient";
  }

  /** This callee, with a workspace form. */
  public Callee withWorkspace() {
    return new Callee(
        companion, method, record, names, active, ranks, rank, forward, reverse, true, records,
        packsTangents, written, returnsVoid, secondOrder, rules);
  }

  /** {@code FWorkspace} beside {@code FGradient}, with the same overload suffix. */
  public String workspaceClass() {
    return workspaceOf(record);
  }

  /** The workspace class of the method whose gradient record is {@code record}. */
  public static String workspaceOf(String record) {
    return record.substring(0, record.length() - "Gradient".length()) + "Workspace";
  }

  /** {@code FTangent}, what its tangent returns for a result other than a number or a {@code double[]}. */
  public String tangentRecord() {
    return record.substring(0, record.length() - "Gradient".length()) + "Tangent";
  }

  /** The record the reverse member returns. */
  public String adjointRecord() {
    return rank > 0 ? record.substring(0, record.length() - "Gradient".length()) + "Pullback" : record;
  }

  /**
   * Whether the reverse member adds into array adjoints the caller passes ({@code fAdjoint}), as a
   * user's {@code @AdjointOf} rule always does.
   */
  public boolean accumulates() {
    if (rules != null) {
      return true;
    }
    boolean activeArray = false;
    for (int i = 0; i < active.size(); i++) {
      activeArray |= active.get(i) && ranks.get(i) > 0;
    }
    return accumulates(rank, activeArray);
  }

  /** Whether {@code method} gets an accumulating {@code fAdjoint}, the same rule seen from its side. */
  public static boolean accumulates(MethodIr method) {
    return accumulates(
        method.returnRank(), method.activeParameters().stream().anyMatch(Variable::isArray));
  }

  /** The one rule: a scalar method with an active array parameter, whose gradient would allocate. */
  private static boolean accumulates(int resultRank, boolean activeArray) {
    return resultRank == 0 && activeArray;
  }
}
