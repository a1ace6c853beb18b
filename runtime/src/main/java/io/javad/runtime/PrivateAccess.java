package io.javad.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * Handles on the private members of a user's class, for its generated companion, which is another
 * class of the same package and module. The companion keeps each handle in a {@code static final}
 * field, which the JIT compiles to a plain field access or a direct call.
 *
 * <p>Each method takes the companion's own lookup ({@code MethodHandles.lookup()}) and uses
 * {@link MethodHandles#privateLookupIn}, which grants private access to a class of the same
 * module (named or unnamed) without opening anything.
 */
public final class PrivateAccess {

  private PrivateAccess() {}

  /**
   * A class the companion cannot name in source (a private nested class), by its binary name.
   *
   * @param companion the lookup of the class that uses it
   * @param binaryName the class's binary name, {@code p.Outer$Inner}
   * @return the class, loaded by the companion's class loader without initializing it
   */
  public static Class<?> type(MethodHandles.Lookup companion, String binaryName) {
    try {
      return Class.forName(binaryName, false, companion.lookupClass().getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "javad's generated code cannot find " + binaryName + ", which it was compiled against", e);
    }
  }

  /**
   * A handle on an instance field.
   *
   * @param companion the lookup of the class that uses the handle
   * @param owner the class declaring the field
   * @param name the field's name
   * @param type the field's type
   * @return a handle whose {@code get(object)} reads the field
   */
  public static VarHandle field(
      MethodHandles.Lookup companion, Class<?> owner, String name, Class<?> type) {
    try {
      return MethodHandles.privateLookupIn(owner, companion).findVarHandle(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw missing(owner, name, e);
    }
  }

  /**
   * A handle on a static field.
   *
   * @param companion the lookup of the class that uses the handle
   * @param owner the class declaring the field
   * @param name the field's name
   * @param type the field's type
   * @return a handle whose {@code get()} reads the field
   */
  public static VarHandle staticField(
      MethodHandles.Lookup companion, Class<?> owner, String name, Class<?> type) {
    try {
      return MethodHandles.privateLookupIn(owner, companion).findStaticVarHandle(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw missing(owner, name, e);
    }
  }

  /**
   * A handle on an instance method, called with the object first.
   *
   * @param companion the lookup of the class that uses the handle
   * @param owner the class declaring the method
   * @param name the method's name
   * @param type the method's return and parameter types, without the object
   * @return a handle for {@code invokeExact(object, arguments...)}
   */
  public static MethodHandle method(
      MethodHandles.Lookup companion, Class<?> owner, String name, MethodType type) {
    try {
      return MethodHandles.privateLookupIn(owner, companion).findVirtual(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw missing(owner, name, e);
    }
  }

  /**
   * A handle on a static method.
   *
   * @param companion the lookup of the class that uses the handle
   * @param owner the class declaring the method
   * @param name the method's name
   * @param type the method's return and parameter types
   * @return a handle for {@code invokeExact(arguments...)}
   */
  public static MethodHandle staticMethod(
      MethodHandles.Lookup companion, Class<?> owner, String name, MethodType type) {
    try {
      return MethodHandles.privateLookupIn(owner, companion).findStatic(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw missing(owner, name, e);
    }
  }

  /**
   * Rethrows what a handle's {@code invokeExact} threw, unchanged: the private methods a companion
   * calls declare no checked exceptions, so this is an unchecked exception or an error.
   *
   * @param thrown what the call threw
   * @return never returns; declared so that a caller can write {@code throw rethrow(e)}
   */
  public static RuntimeException rethrow(Throwable thrown) {
    if (thrown instanceof RuntimeException) {
      throw (RuntimeException) thrown;
    }
    if (thrown instanceof Error) {
      throw (Error) thrown;
    }
    throw new IllegalStateException(thrown);
  }

  private static IllegalStateException missing(
      Class<?> owner, String name, ReflectiveOperationException e) {
    return new IllegalStateException(
        "javad's generated code cannot reach " + owner.getName() + "." + name
            + ", which it was compiled against; recompile " + owner.getSimpleName()
            + " together with its companion",
        e);
  }
}
