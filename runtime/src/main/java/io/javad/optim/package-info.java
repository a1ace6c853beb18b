/**
 * A small optimizer toolkit for training with javad's gradients: {@link io.javad.optim.Sgd} with
 * momentum, {@link io.javad.optim.Adam}, {@link io.javad.optim.Lbfgs}, and {@link io.javad.optim.Datasets} (split,
 * standardization, mini-batches). Dependency-free; each optimizer updates the flat parameter
 * arrays in place.
 */
package io.javad.optim;
