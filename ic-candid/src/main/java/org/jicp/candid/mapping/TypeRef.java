package org.jicp.candid.mapping;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A Java type with its generic arguments, for mapping generic top-level values: {@code new
 * TypeRef<List<Account>>() {}}.
 *
 * @param <T> the type
 */
public abstract class TypeRef<T> {
  private final Type type;

  /** Captures the type argument of the anonymous subclass. */
  protected TypeRef() {
    Type s = getClass().getGenericSuperclass();
    if (!(s instanceof ParameterizedType p)) {
      throw new IllegalArgumentException("write new TypeRef<YourType>() {} with a type argument");
    }
    this.type = p.getActualTypeArguments()[0];
  }

  /** The captured type. */
  public Type type() {
    return type;
  }

  @Override
  public String toString() {
    return type.getTypeName();
  }
}
