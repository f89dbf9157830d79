/**
 * The {@code uae} command line (picocli): one subcommand per stage, {@code run} for all of them, {@code plan} and
 * {@code status} for schedulers, benchmarks, {@code doctor} and {@code results}; the documented exit codes.
 */
package org.uaespark.cli;
