/**
 * What runs inside Spark tasks on executors: loading models once per executor, attacking work units of samples,
 * training and scoring grid cells, and the executor plugin that prepares the native libraries.
 */
package org.uaespark.pipeline.executor;
