package org.jicp.candid.internal.mapping;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Type;

/** A type without annotations, for types given by callers rather than read from a declaration. */
final class Plain implements AnnotatedType {
  private final Type type;

  private Plain(Type type) {
    this.type = type;
  }

  static AnnotatedType of(Type t) {
    return new Plain(t);
  }

  @Override
  public Type getType() {
    return type;
  }

  @Override
  public <T extends Annotation> T getAnnotation(Class<T> annotationClass) {
    return null;
  }

  @Override
  public Annotation[] getAnnotations() {
    return new Annotation[0];
  }

  @Override
  public Annotation[] getDeclaredAnnotations() {
    return new Annotation[0];
  }
}
