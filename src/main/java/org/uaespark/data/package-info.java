/**
 * Reading raw datasets (IDX, CSV, CIFAR binary, Parquet) into validated splits: their schema, scaling into the unit
 * range, imputation of missing values, and the seeds every stage derives from the run's seed.
 */
package org.uaespark.data;
