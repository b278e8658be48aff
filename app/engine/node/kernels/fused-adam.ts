/**
 * Adam's update as one kernel per variable on wasm.
 *
 * tfjs' AdamOptimizer.applyGradients runs about a dozen small kernels per variable (Multiply,
 * Square, Add, RealDiv, Sqrt...), each with its own tensor, tape bookkeeping and call into wasm.
 * On wasm, the replacement here runs Fovea's FoveaAdam kernel (simd-adam.ts) once per variable,
 * which gives the same bits, and assigns its three results. The optimizer's state keeps exactly
 * tfjs' form (the moments as `{originalName, variable}` made on first use, accBeta1 and accBeta2
 * as scalar variables, the iteration count), so getWeights/setWeights, Fovea's checkpoints and
 * subclasses such as train-step.ts' ScheduledAdam work unchanged. Other backends, and any
 * variable or gradient that is not float32 or whose shapes differ (tfjs would broadcast), take
 * tfjs' own applyGradients.
 */
import type * as tfjs from '@tensorflow/tfjs';

import { adamKernelName, type AdamAttrs } from './simd-adam.js';
import type { Tf } from './wasm-backend.js';

type VariableGradients = Parameters<tfjs.AdamOptimizer['applyGradients']>[0];
type ApplyGradients = (this: tfjs.AdamOptimizer, gradients: VariableGradients) => void;

/** One of Adam's moment variables, as tfjs keeps them (its OptimizerVariable). */
interface Moment {
  readonly originalName: string;
  readonly variable: tfjs.Variable;
}

/** The fields of tfjs' AdamOptimizer that are protected or private in its typings. */
interface AdamState extends AdamAttrs {
  readonly accBeta1: tfjs.Variable;
  readonly accBeta2: tfjs.Variable;
  readonly accumulatedFirstMoment: Moment[];
  readonly accumulatedSecondMoment: Moment[];
  incrementIterations(): void;
}

/** tfjs' own method, kept once per AdamOptimizer class so that installing twice changes nothing. */
const originals = new WeakMap<object, ApplyGradients>();

export function installFusedAdam(tf: Tf): void {
  const prototype = tf.AdamOptimizer.prototype;
  if (originals.has(prototype)) return;
  const original: ApplyGradients = Reflect.get(prototype, 'applyGradients');
  originals.set(prototype, original);
  prototype.applyGradients = function (this: tfjs.AdamOptimizer, gradients: VariableGradients) {
    if (isFused(tf, gradients)) applyFused(tf, this as unknown as AdamState, gradients);
    else original.call(this, gradients);
  };
}

function namedGradients(gradients: VariableGradients): [string, tfjs.Tensor | undefined][] {
  return Array.isArray(gradients)
    ? gradients.map(({ name, tensor }) => [name, tensor as tfjs.Tensor | undefined])
    : Object.entries(gradients).map(([name, tensor]) => [name, tensor as tfjs.Tensor | undefined]);
}

function isFused(tf: Tf, gradients: VariableGradients): boolean {
  if (tf.getBackend() !== 'wasm' || tf.getKernel(adamKernelName, 'wasm') === undefined)
    return false;
  const variables = tf.engine().registeredVariables;
  return namedGradients(gradients).every(([name, gradient]) => {
    const variable = variables[name];
    return (
      variable?.dtype === 'float32' &&
      (gradient == null ||
        (gradient.dtype === 'float32' && tf.util.arraysEqual(gradient.shape, variable.shape)))
    );
  });
}

/** tfjs 4.22's applyGradients, with the per-variable arithmetic in one kernel. */
function applyFused(tf: Tf, adam: AdamState, gradients: VariableGradients): void {
  const { beta1, beta2, epsilon, learningRate } = adam;
  const attrs = { beta1, beta2, epsilon, learningRate } as unknown as tfjs.NamedAttrMap;
  const engine = tf.engine();
  tf.tidy(() => {
    namedGradients(gradients).forEach(([name, gradient], index) => {
      const variable = engine.registeredVariables[name] as tfjs.Variable;
      // Made on first use, even for a variable without a gradient, as tfjs does.
      const moment = (suffix: string): Moment => ({
        originalName: `${name}/${suffix}`,
        variable: tf.tidy(() => tf.zerosLike(variable).variable(false)),
      });
      adam.accumulatedFirstMoment[index] ??= moment('m');
      adam.accumulatedSecondMoment[index] ??= moment('v');
      if (gradient == null) return;
      const firstMoment = adam.accumulatedFirstMoment[index].variable;
      const secondMoment = adam.accumulatedSecondMoment[index].variable;
      const [newVariable, newFirst, newSecond] = engine.runKernel<tfjs.Tensor[]>(
        adamKernelName,
        {
          variable,
          gradient,
          firstMoment,
          secondMoment,
          accBeta1: adam.accBeta1,
          accBeta2: adam.accBeta2,
        },
        attrs,
      ) as [tfjs.Tensor, tfjs.Tensor, tfjs.Tensor];
      firstMoment.assign(newFirst);
      secondMoment.assign(newSecond);
      variable.assign(newVariable);
    });
    adam.accBeta1.assign(tf.mul(adam.accBeta1, beta1));
    adam.accBeta2.assign(tf.mul(adam.accBeta2, beta2));
  });
  adam.incrementIterations();
}
