/**
 * Reverse-mode automatic differentiation over {@link org.peft4j.tensor.Tensor}, written to be read.
 * <ul>
 *   <li>{@link org.peft4j.autograd.Var} wraps a tensor; {@link org.peft4j.autograd.Parameter} is a named leaf
 *       (optionally with a Fisher-style gradient mask).</li>
 *   <li>{@link org.peft4j.autograd.F} holds the differentiable functions; each records its backward right next to
 *       its forward through {@link org.peft4j.autograd.Tape#record}. {@link org.peft4j.autograd.Losses} holds the
 *       losses.</li>
 *   <li>{@link org.peft4j.autograd.Var#backward()} walks the recorded graph in reverse topological order and
 *       frees it afterwards unless asked to retain it.</li>
 *   <li>{@link org.peft4j.autograd.GradMode} switches recording (and anomaly detection) per thread with
 *       try-with-resources scopes.</li>
 *   <li>Subpackages: {@code optim} (SGD, AdamW, parameter groups, LR schedules, gradient clipping) and
 *       {@code gradcheck} (finite-difference checks).</li>
 * </ul>
 */
package org.peft4j.autograd;
