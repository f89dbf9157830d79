/**
 * Classifiers that score a feature selection independently of Spark: extremely randomized trees with
 * scikit-learn's semantics (Table 3 of the paper).
 */
package org.uaespark.classify;
