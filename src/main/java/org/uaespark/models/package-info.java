/**
 * The unsupervised models the attack targets, on DJL's PyTorch engine: the autoencoders of the paper (dense,
 * sparse, conv, adversarial, concrete), SimCLR, a user's TorchScript model, their recipes, training loop,
 * per-sample losses and parameters held in libtorch memory.
 */
package org.uaespark.models;
