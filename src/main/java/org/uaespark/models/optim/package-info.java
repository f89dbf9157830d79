/**
 * Optimizers written against libtorch's kernels (Adam, RMSProp, Adadelta, LARS) and the warm-up plus cosine
 * learning-rate schedule, with their state kept per parameter.
 */
package org.uaespark.models.optim;
