package org.jicp.benchmarks.bls;

/** Generator multiplications through the fixed-base tables (see {@link GeneratorBench}). */
public class TableGeneratorBench extends GeneratorBench {
  @Override
  boolean table() {
    return true;
  }
}
