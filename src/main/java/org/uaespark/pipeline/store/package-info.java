/**
 * The run directory on any Hadoop file system: its layout, atomic publication of tables and models, provenance
 * and fingerprints, the run lock, reproducible Parquet footers, and the strict JSON reading of sidecar files.
 */
package org.uaespark.pipeline.store;
