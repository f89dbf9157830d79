/**
 * The attack on batches of samples: MinMax (PGD on the perturbation, dual ascent on c, Adam on MINE) with the MINE
 * or L2 objective, the selection of each sample's UAE, and the baseline augmentations (Gaussian noise, copies,
 * rotations); also the attack benchmark and its memory estimate.
 */
package org.uaespark.attack;
