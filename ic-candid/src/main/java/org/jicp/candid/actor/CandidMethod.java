package org.jicp.candid.actor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Candid name of an actor method when it differs from the Java name: {@code
 * @CandidMethod("get_neuron_info") NeuronInfo getNeuronInfo(long id)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CandidMethod {
  /** The method name in the Candid service. */
  String value();
}
