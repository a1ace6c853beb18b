package io.javad.processor.front;

import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/** What the companion, another class of the user's package, can name. */
public final class Visibility {

  private Visibility() {}

  /** Whether code in {@code pkg} that is not a subclass can read {@code member}. */
  public static boolean visibleFromPackage(Element member, String pkg) {
    for (Element e = member; e instanceof TypeElement || e == member; e = e.getEnclosingElement()) {
      Set<Modifier> modifiers = e.getModifiers();
      if (modifiers.contains(Modifier.PRIVATE)) {
        return false;
      }
      boolean isPublic = modifiers.contains(Modifier.PUBLIC);
      TypeElement type = e instanceof TypeElement t ? t : (TypeElement) e.getEnclosingElement();
      if (!isPublic && !packageOf(type).equals(pkg)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the companion of a class in {@code type}'s package can name {@code type}. */
  public static boolean nameable(TypeElement type) {
    return visibleFromPackage(type, packageOf(type));
  }

  public static String packageOf(TypeElement type) {
    Element e = type;
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return ((PackageElement) e).getQualifiedName().toString();
  }
}
