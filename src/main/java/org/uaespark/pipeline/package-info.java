/**
 * The Spark layer: the pipeline's stages (ingest, train, attack, retrain, evaluate, report), each reading published
 * tables of a run directory, validating its inputs, and publishing its outputs atomically with provenance; the
 * evaluate stage's metrics. The only package that uses Spark, together with its subpackages.
 */
package org.uaespark.pipeline;
