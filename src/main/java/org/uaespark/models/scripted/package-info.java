/**
 * TorchScript modules shipped in the jar as resources, each written by a generator script under
 * {@code src/main/torchscript/}: how libtorch operations DJL has no binding for, or sequences of operations that
 * would otherwise cross JNI one by one, are reached from Java. Depends on DJL's PyTorch engine only.
 */
package org.uaespark.models.scripted;
