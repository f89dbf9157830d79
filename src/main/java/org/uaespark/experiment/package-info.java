/**
 * The retrain grid's design and statistics: the arms (original, compute-matched controls, augmentations, stacked
 * arms) with their training recipes, and the comparisons of an arm with a control (paired or Welch t-tests,
 * Holm-Bonferroni adjusted per table).
 */
package org.uaespark.experiment;
