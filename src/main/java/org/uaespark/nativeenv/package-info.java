/**
 * The native libraries' settings per machine: what the processor is ({@link org.uaespark.nativeenv.CpuInfo}), the
 * probes that test MKL, oneDNN and ATen under candidate settings in child JVMs
 * ({@link org.uaespark.nativeenv.NativeProbes}), the choice ({@link org.uaespark.nativeenv.Doctor}), its cache and
 * its application to a JVM's environment. Imports {@code mine} and {@code models} (the probes run their code);
 * imported by {@code pipeline} and {@code cli}.
 */
package org.uaespark.nativeenv;
