/**
 * Published results: the {@code results/} folder of finished runs (their metrics, provenance and reading) and the
 * Markdown generated from it for the README and the results document, with the check that they agree. Reads the
 * evaluate stage's metrics; starts no Spark.
 */
package org.uaespark.results;
