/**
 * The attack as Spark MLlib stages: a {@code Transformer} that appends UAEs to a DataFrame, with MLlib's
 * Params, persistence and schema checks.
 */
package org.uaespark.pipeline.ml;
