/**
 * The trainable part of a head run: a softmax layer on standardized features (logistic
 * regression), or one hidden ReLU layer before it (a small MLP) with dropout on its input. The
 * loss adds an L2 penalty on the kernels (weight decay, as Keras' `l2` regularizer writes it:
 * decay · Σ w²). Its weights come out as plain `HeadDense` layers.
 */
import * as tf from '@tensorflow/tfjs';

import type { HeadActivation, HeadDense } from '../common/head-layers.js';

export interface HeadShape {
  readonly dimension: number;
  readonly classes: number;
  /** 0 = linear head. */
  readonly hidden: number;
  /** On the hidden layer's input, while training. */
  readonly dropout: number;
  readonly weightDecay: number;
  readonly seed: number;
}

interface DenseVariables {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  readonly activation: HeadActivation;
}

export class HeadModel {
  readonly #layers: readonly DenseVariables[];
  readonly #shape: HeadShape;

  constructor(shape: HeadShape) {
    this.#shape = shape;
    const widths =
      shape.hidden > 0
        ? [shape.dimension, shape.hidden, shape.classes]
        : [shape.dimension, shape.classes];
    // The initial values are freed once copied into variables (tidy keeps variables).
    this.#layers = tf.tidy(() =>
      widths.slice(1).map((outputs, index) => {
        const isOutput = index === widths.length - 2;
        const inputs = widths[index]!;
        return {
          kernel: tf.variable(initializer(isOutput, shape.seed + index).apply([inputs, outputs])),
          bias: tf.variable(tf.zeros([outputs])),
          activation: isOutput ? ('softmax' as const) : ('relu' as const),
        };
      }),
    );
  }

  /**
   * Logits of standardized features. `dropoutSeed` turns dropout on (training); each step gets
   * its own so the masks differ but a run repeats.
   */
  logits(x: tf.Tensor2D, dropoutSeed?: number): tf.Tensor2D {
    let out = x;
    for (const layer of this.#layers) {
      const isHidden = layer.activation === 'relu';
      if (isHidden && dropoutSeed !== undefined && this.#shape.dropout > 0)
        out = tf.dropout(out, this.#shape.dropout, undefined, dropoutSeed) as tf.Tensor2D;
      out = out.matMul(layer.kernel).add(layer.bias);
      if (isHidden) out = tf.relu(out);
    }
    return out;
  }

  get variables(): tf.Variable[] {
    return this.#layers.flatMap((layer) => [layer.kernel, layer.bias]);
  }

  /** Cross-entropy of the logits, plus weight decay on the kernels. */
  loss(y: tf.Tensor2D, x: tf.Tensor2D, dropoutSeed?: number): tf.Scalar {
    return this.lossOf(y, this.logits(x, dropoutSeed));
  }

  lossOf(y: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
    const crossEntropy = tf.losses.softmaxCrossEntropy<tf.Tensor2D, tf.Scalar>(y, logits);
    if (this.#shape.weightDecay === 0) return crossEntropy;
    const penalty = tf.addN(this.#layers.map((layer) => tf.sum(tf.square(layer.kernel))));
    return crossEntropy.add(penalty.mul(this.#shape.weightDecay));
  }

  /** The layers' weights, on standardized features. */
  dense(): HeadDense[] {
    return this.#layers.map((layer) => ({
      kernel: layer.kernel.dataSync() as Float32Array,
      bias: layer.bias.dataSync() as Float32Array,
      activation: layer.activation,
    }));
  }

  dispose(): void {
    for (const layer of this.#layers) tf.dispose([layer.kernel, layer.bias]);
  }
}

/** Glorot for the softmax layer (as the linear head always had), He for a ReLU layer. */
function initializer(isOutput: boolean, seed: number) {
  return isOutput ? tf.initializers.glorotUniform({ seed }) : tf.initializers.heNormal({ seed });
}

/**
 * Adam for the head at the run's learning rate and, when fine-tuning, a second Adam for the
 * backbone's blocks at a tenth of it: pretrained weights need small steps, or the first epochs
 * of a random head's gradients wreck the features it learns from.
 */
export class HeadOptimizer {
  readonly #head: tf.Optimizer;
  readonly #trunk: tf.Optimizer;
  readonly #headNames: ReadonlySet<string>;
  readonly variables: readonly tf.Variable[];

  constructor(learningRate: number, head: readonly tf.Variable[], trunk: readonly tf.Variable[]) {
    this.#head = tf.train.adam(learningRate);
    this.#trunk = tf.train.adam(learningRate * trunkLearningRate);
    this.#headNames = new Set(head.map((variable) => variable.name));
    this.variables = [...head, ...trunk];
  }

  apply(gradients: tf.NamedTensorMap): void {
    const head: tf.NamedTensorMap = {};
    const trunk: tf.NamedTensorMap = {};
    for (const [name, gradient] of Object.entries(gradients))
      (this.#headNames.has(name) ? head : trunk)[name] = gradient;
    this.#head.applyGradients(head);
    if (Object.keys(trunk).length > 0) this.#trunk.applyGradients(trunk);
  }

  dispose(): void {
    this.#head.dispose();
    this.#trunk.dispose();
  }
}

/** The backbone's learning rate, relative to the head's. */
export const trunkLearningRate = 0.1;
