package org.jicp.benchmarks.bls;

/** The same multiplications on the variable-base GLV/GLS path (see {@link GeneratorBench}). */
public class GlvGeneratorBench extends GeneratorBench {
  @Override
  boolean table() {
    return false;
  }
}
