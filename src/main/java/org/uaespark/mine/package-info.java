/**
 * Mutual information neural estimation (MINE) for the attack: statistics networks evaluated for a batch of samples
 * at once, the Donsker-Varadhan bound, random projections and their exact-in-distribution gradient, and a
 * calibration on Gaussian pairs with a known answer.
 */
package org.uaespark.mine;
