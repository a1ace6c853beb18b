package io.javad.processor.ir;

import java.util.List;

/**
 * A method of the differentiable subset: its parameters (with which are active, that is,
 * differentiated for), return type and body.
 */
public record MethodIr(
    String name,
    List<Parameter> parameters,
    Type returnType,
    int returnRank,
    List<Stmt> body,
    boolean returnsVoid) {

  public MethodIr {
    parameters = List.copyOf(parameters);
    body = List.copyOf(body);
  }

  public MethodIr(
      String name, List<Parameter> parameters, Type returnType, int returnRank, List<Stmt> body) {
    this(name, parameters, returnType, returnRank, body, false);
  }

  /**
   * A {@code void} method, whose results are the arrays it writes into (out-parameters): read as
   * a scalar method that returns 0, so that every stage treats it as one; the members generated
   * for it return nothing.
   */
  public static MethodIr ofVoid(String name, List<Parameter> parameters, List<Stmt> body) {
    return new MethodIr(name, parameters, Type.DOUBLE, 0, body, true);
  }

  /** This method with another body (a stage's rewrite). */
  public MethodIr withBody(List<Stmt> newBody) {
    return new MethodIr(name, parameters, returnType, returnRank, newBody, returnsVoid);
  }

  /** A method returning a scalar. */
  public MethodIr(String name, List<Parameter> parameters, Type returnType, List<Stmt> body) {
    this(name, parameters, returnType, 0, body);
  }

  /** Whether the method returns an array ({@code double[] f(...)}): a vector-valued function. */
  public boolean isVectorValued() {
    return returnRank > 0;
  }

  /**
   * A parameter; {@code sourceType} is its declared type as Java source ({@code double},
   * {@code java.lang.String}), since an inactive parameter may have any type.
   */
  public record Parameter(Variable variable, boolean active, String sourceType) {}

  /** The names of all parameters and locals, which generated names must avoid. */
  public java.util.Set<String> variableNames() {
    java.util.Set<String> names = new java.util.HashSet<>();
    parameters.forEach(p -> names.add(p.variable().name()));
    StmtScan.forEach(body, s -> {
      if (s instanceof Stmt.Declare d) {
        names.add(d.variable().name());
      }
    });
    return names;
  }

  public List<Variable> activeParameters() {
    return parameters.stream().filter(Parameter::active).map(Parameter::variable).toList();
  }
}
