/**
 * SimCLR (Table 4 of the paper): the ResNet encoder, projection head, NT-Xent loss, view augmentations, and the
 * linear evaluation of frozen encoders with its PGD robustness check.
 */
package org.uaespark.models.contrastive;
