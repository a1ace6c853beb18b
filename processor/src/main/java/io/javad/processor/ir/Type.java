package io.javad.processor.ir;

/** The primitive types the differentiable subset computes with, and objects it passes on. */
public enum Type {
  DOUBLE("double", true),
  FLOAT("float", true),
  LONG("long", false),
  INT("int", false),
  SHORT("short", false),
  CHAR("char", false),
  BYTE("byte", false),
  BOOLEAN("boolean", false),
  /** The result of a call made for its effect; never the type of a variable. */
  VOID("void", false),
  /** An object passed to a method as data ({@link Expr.ObjectRef}); never the type of a variable. */
  OBJECT("Object", false);

  private final String javaName;
  private final boolean floating;

  Type(String javaName, boolean floating) {
    this.javaName = javaName;
    this.floating = floating;
  }

  public String javaName() {
    return javaName;
  }

  /** Whether values of this type can carry a derivative. */
  public boolean isFloating() {
    return floating;
  }

  public boolean isNumeric() {
    return this != BOOLEAN && this != VOID && this != OBJECT;
  }

  /** Java's binary numeric promotion (JLS 5.6.2). */
  public static Type promote(Type a, Type b) {
    if (a == DOUBLE || b == DOUBLE) {
      return DOUBLE;
    }
    if (a == FLOAT || b == FLOAT) {
      return FLOAT;
    }
    if (a == LONG || b == LONG) {
      return LONG;
    }
    return INT;
  }
}
