/**
 * Convolution + bias + ReLU as one kernel while training on wasm.
 *
 * tfjs-layers hands every Conv2D layer with a ReLU to `tf.fused.conv2d`, which runs the fused
 * kernel (XNNPACK adds the bias and clamps in its output loop) only outside gradient recording:
 * while training it falls back to Conv2D, a broadcast Add and Relu, three passes over the
 * activations and three tape entries (tfjs-core `shouldFuse`). Here the fused kernel runs while
 * training too, on wasm only, and a gradient is registered for it: dy masked by y > 0, then the
 * input, filter and bias gradients, each computed only if the tape asks for it (the first layer's
 * input gradient never is). Everything else goes to tfjs' own `tf.fused.conv2d`.
 */
import type * as tfjs from '@tensorflow/tfjs';

import { reluGradKernelName } from './simd-relu-grad.js';
import type { Tf } from './wasm-backend.js';

type FusedConv2d = Tf['fused']['conv2d'];
type FusedConvArgs = Parameters<FusedConv2d>[0];

/** tfjs' own function, kept once per tfjs instance so that installing twice changes nothing. */
const originals = new WeakMap<Tf['fused'], FusedConv2d>();

export function installFusedConvTraining(tf: Tf): void {
  if (originals.has(tf.fused)) return;
  const original = tf.fused.conv2d;
  originals.set(tf.fused, original);
  tf.registerGradient({
    kernelName: 'FusedConv2D',
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => fusedConvGradient(tf, dy as tfjs.Tensor, saved, attrs),
  });
  tf.fused.conv2d = ((args: FusedConvArgs) =>
    isFusedWhileTraining(tf, args)
      ? tf.engine().runKernel(
          'FusedConv2D',
          {
            x: args.x as tfjs.Tensor,
            filter: args.filter as tfjs.Tensor,
            bias: args.bias as tfjs.Tensor,
          },
          {
            strides: args.strides,
            pad: args.pad,
            dataFormat: 'NHWC',
            dilations: [1, 1],
            dimRoundingMode: args.dimRoundingMode,
            activation: 'relu',
            leakyreluAlpha: 0,
          } as unknown as tfjs.NamedAttrMap,
        )
      : original(args)) as FusedConv2d;
}

/** The case this file handles: recording gradients on wasm, NHWC, no dilation, bias + ReLU. */
function isFusedWhileTraining(tf: Tf, args: FusedConvArgs): boolean {
  const dilations = args.dilations ?? 1;
  return (
    tf.engine().state.gradientDepth > 0 &&
    tf.getBackend() === 'wasm' &&
    args.activation === 'relu' &&
    args.bias !== undefined &&
    args.preluActivationWeights === undefined &&
    (args.dataFormat ?? 'NHWC') === 'NHWC' &&
    (dilations === 1 || (Array.isArray(dilations) && dilations.every((d) => d === 1))) &&
    args.x instanceof tf.Tensor &&
    args.x.rank === 4 &&
    args.filter instanceof tf.Tensor &&
    args.bias instanceof tf.Tensor
  );
}

function fusedConvGradient(
  tf: Tf,
  dy: tfjs.Tensor,
  saved: tfjs.Tensor[],
  attrs: tfjs.NamedAttrMap,
): Record<string, () => tfjs.Tensor> {
  const [x, filter, y] = saved;
  if (x === undefined || filter === undefined || y === undefined) return {};
  const { strides, pad, dimRoundingMode } = attrs as unknown as tfjs.FusedConv2DAttrs;
  const convAttrs = { strides, pad, dataFormat: 'NHWC', dimRoundingMode };
  // ReLU's gradient: y > 0 exactly where the pre-activation was > 0.
  const dyActive =
    tf.getKernel(reluGradKernelName, tf.getBackend()) === undefined
      ? tf.mul(dy, tf.step(y))
      : tf.engine().runKernel<tfjs.Tensor>(reluGradKernelName, { dy, y }, {});
  return {
    x: () =>
      tf.engine().runKernel(
        'Conv2DBackpropInput',
        { dy: dyActive, filter },
        {
          ...convAttrs,
          inputShape: x.shape,
        },
      ),
    filter: () =>
      tf.engine().runKernel(
        'Conv2DBackpropFilter',
        { x, dy: dyActive },
        {
          ...convAttrs,
          filterShape: filter.shape,
        },
      ),
    bias: () => tf.sum(dyActive, [0, 1, 2]),
  };
}
