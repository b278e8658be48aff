/**
 * Adam's fused update on wasm (fused-adam.ts, simd-adam.ts) against tfjs' own AdamOptimizer on
 * the cpu backend: the same variables, gradients and learning rates must give the same bits.
 * kernels.test.ts runs these on the single-threaded wasm module, kernels-threads.test.ts on the
 * threaded one.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { seededRandom } from '../../app/base/common/random.js';
import { defaultTrainingConfig } from '../../app/engine/common/presets.js';
import type { SavedTensor } from '../../app/engine/node/checkpoint-file.js';
import { registerWasmKernels } from '../../app/engine/node/kernels/index.js';
import { createOptimizer, type ScheduledOptimizer } from '../../app/engine/node/train-step.js';

type Backend = 'wasm' | 'cpu';

/** Odd sizes (SIMD lanes and a scalar tail) up to a dense layer's kernel; gradient scales vary. */
const cases: readonly { shape: number[]; scale: number }[] = [
  { shape: [1], scale: 1 },
  { shape: [3], scale: 1e-3 },
  { shape: [5], scale: 10 },
  { shape: [17], scale: 1e-6 },
  { shape: [10, 100], scale: 1 },
  { shape: [4096, 64], scale: 0.1 },
];
/** A schedule's changes between steps, as train.ts makes them. */
const learningRates = [1e-3, 1e-3, 5e-4, 2.5e-4, 3e-3];

function values(size: number, seed: number, scale = 1): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: size }, () => (random() * 2 - 1) * scale);
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Fresh variables with the same names and starting values on every run (each run disposes its
 * own), and one more that gets no gradient.
 */
function makeVariables(): tf.Variable[] {
  const shapes = [...cases.map(({ shape }) => shape), [7]];
  return shapes.map((shape, index) =>
    tf.variable(tf.tensor(values(sizeOf(shape), 1 + index), shape), true, `adam-${index}`),
  );
}

/** Step `step`'s gradients; the last variable's is null, which Adam skips. */
function gradientsFor(variables: readonly tf.Variable[], step: number): tf.NamedTensorMap {
  const gradients: Record<string, tf.Tensor | null> = {};
  variables.forEach((variable, index) => {
    const scale = cases[index]?.scale;
    gradients[variable.name] =
      scale === undefined
        ? null
        : tf.tensor(values(variable.size, 1000 * step + index, scale), variable.shape);
  });
  return gradients as tf.NamedTensorMap;
}

/** One step at this step's learning rate; the gradients are disposed after. */
function step(optimizer: ScheduledOptimizer, variables: readonly tf.Variable[], index: number) {
  optimizer.setLearningRate(learningRates[index % learningRates.length] as number);
  const gradients = gradientsFor(variables, index);
  optimizer.applyGradients(gradients);
  tf.dispose(Object.values(gradients).filter((gradient) => gradient !== null));
}

interface Outcome {
  readonly variables: Float32Array[];
  /** The optimizer's state as a checkpoint keeps it: iterations, moments, accBeta1/2. */
  readonly state: SavedTensor[];
}

async function outcome(
  optimizer: ScheduledOptimizer,
  variables: readonly tf.Variable[],
): Promise<Outcome> {
  const values = await Promise.all(variables.map(async (v) => Float32Array.from(await v.data())));
  return { variables: values, state: await optimizer.saveState() };
}

function newAdam(): ScheduledOptimizer {
  return createOptimizer({ ...defaultTrainingConfig, optimizer: 'adam', learningRate: 1e-3 });
}

/** `steps` steps of one optimizer on fresh variables, on `backend`; leaves nothing behind. */
async function train(backend: Backend, steps: number): Promise<Outcome> {
  await tf.setBackend(backend);
  const variables = makeVariables();
  const optimizer = newAdam();
  for (let index = 0; index < steps; index++) step(optimizer, variables, index);
  const result = await outcome(optimizer, variables);
  optimizer.dispose();
  tf.dispose(variables);
  return result;
}

/**
 * The same steps with the optimizer saved after `stopAfter` of them and a new one loaded from
 * what was saved, through `save`/`load`, as a resumed run does.
 */
async function trainResumed(
  backend: Backend,
  steps: number,
  stopAfter: number,
  isThroughWeights: boolean,
): Promise<Outcome> {
  await tf.setBackend(backend);
  const variables = makeVariables();
  const first = newAdam();
  for (let index = 0; index < stopAfter; index++) step(first, variables, index);
  const second = newAdam();
  if (isThroughWeights) {
    const weights = await first.getWeights();
    await second.setWeights(weights);
    weights[0]?.tensor.dispose(); // getWeights' new iteration count; the rest are first's own
  } else {
    await second.loadState(await first.saveState());
  }
  first.dispose();
  for (let index = stopAfter; index < steps; index++) step(second, variables, index);
  const result = await outcome(second, variables);
  second.dispose();
  tf.dispose(variables);
  return result;
}

function expectSame(fused: Outcome, stock: Outcome): void {
  expect(fused.variables.length).toBe(stock.variables.length);
  fused.variables.forEach((values, index) => {
    // Bit for bit, with the first difference's place in the message when there is one.
    const reference = stock.variables[index] as Float32Array;
    const differs = values.findIndex((value, at) => !Object.is(value, reference[at]));
    expect({ variable: index, differs }).toEqual({ variable: index, differs: -1 });
  });
  expect(fused.state.map(({ name, shape }) => ({ name, shape }))).toEqual(
    stock.state.map(({ name, shape }) => ({ name, shape })),
  );
  fused.state.forEach(({ name, values }, index) => {
    const reference = stock.state[index]?.values ?? new Float32Array();
    const differs = Array.from(values).findIndex((value, at) => !Object.is(value, reference[at]));
    expect({ name, differs }).toEqual({ name, differs: -1 });
  });
}

/** Adam's fused update, on whichever wasm module the calling test file started. */
export function describeFusedAdam(): void {
  describe("Adam's fused update on wasm", () => {
    it('runs one FoveaAdam kernel per variable with a gradient', async () => {
      await tf.setBackend('wasm');
      const variables = makeVariables();
      const optimizer = newAdam();
      const gradients = gradientsFor(variables, 0);
      const profile = await tf.profile(() => optimizer.applyGradients(gradients));
      const names = profile.kernelNames;
      expect(profile.kernels.filter(({ name }) => name === 'FoveaAdam')).toHaveLength(cases.length);
      expect(names).not.toContain('Sqrt');
      expect(names).not.toContain('RealDiv');
      tf.dispose(Object.values(gradients).filter((gradient) => gradient !== null));
      optimizer.dispose();
      tf.dispose(variables);
    });

    it("leaves tfjs' own update on cpu, and installs once however often kernels register", async () => {
      const method = () => Reflect.get(tf.AdamOptimizer.prototype, 'applyGradients') as unknown;
      const installed = method();
      registerWasmKernels(tf);
      expect(method()).toBe(installed);
      await tf.setBackend('cpu');
      const variables = makeVariables();
      const optimizer = newAdam();
      const gradients = gradientsFor(variables, 0);
      const profile = await tf.profile(() => optimizer.applyGradients(gradients));
      expect(profile.kernelNames).not.toContain('FoveaAdam');
      expect(profile.kernelNames).toContain('Sqrt');
      tf.dispose(Object.values(gradients).filter((gradient) => gradient !== null));
      optimizer.dispose();
      tf.dispose(variables);
      await tf.setBackend('wasm');
    });

    it('gives the bits of tfjs Adam on cpu over steps with a changing learning rate', async () => {
      const fused = await train('wasm', 6);
      const stock = await train('cpu', 6);
      await tf.setBackend('wasm');
      expectSame(fused, stock);
      // The variable without a gradient is untouched, its moments still zero.
      expect(fused.variables.at(-1)).toEqual(values(7, cases.length + 1));
      expect(fused.state.find(({ name }) => name === `adam-${cases.length}/v`)?.values).toEqual(
        new Float32Array(7),
      );
    });

    it('resumes from saved state as the uninterrupted optimizer goes on', async () => {
      const uninterrupted = await train('wasm', 5);
      const resumed = await trainResumed('wasm', 5, 3, false);
      await tf.setBackend('wasm');
      expectSame(resumed, uninterrupted);
    });

    it('takes the same steps after getWeights/setWeights as tfjs Adam on cpu', async () => {
      const fused = await trainResumed('wasm', 4, 2, true);
      const stock = await trainResumed('cpu', 4, 2, true);
      await tf.setBackend('wasm');
      expectSame(fused, stock);
    });

    it('leaves the tensor count and the wasm heap unchanged across steps', async () => {
      await tf.setBackend('wasm');
      const backend = tf.backend() as unknown as { dataIdMap: { numDataIds(): number } };
      const variables = makeVariables();
      const optimizer = newAdam();
      step(optimizer, variables, 0);
      const tensors = tf.memory().numTensors;
      const data = backend.dataIdMap.numDataIds();
      for (let index = 1; index < 4; index++) step(optimizer, variables, index);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(backend.dataIdMap.numDataIds()).toBe(data);
      optimizer.dispose();
      tf.dispose(variables);
    });
  });
}
