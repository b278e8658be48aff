/**
 * Why a dense layer cannot see shapes: it does not know which pixels are neighbours. Shuffle an
 * image's pixels with one fixed permutation and a dense layer's weights the same way, and its
 * outputs do not change: a dense network learns shuffled photos exactly as well as real ones. A
 * convolution's map of the shuffled image, put back in place, is another map altogether: its small
 * window reads neighbours, and the shuffle took them away.
 */
import { seededRandom, shuffledRange, symmetric } from '../../base/common/random.js';
import { conv2d } from './convolution.js';
import { createPlane } from './image.js';
import type { Plane } from './image.js';
import type { Kernel } from './kernels.js';
import { relativeChange } from './shift.js';

/** A fixed order of `count` pixels: `order[i]` is the pixel that lands at position i. */
export function pixelPermutation(count: number, seed: number): readonly number[] {
  return shuffledRange(count, seededRandom(seed));
}

export function permutePlane(plane: Plane, order: readonly number[]): Plane {
  const data = new Float32Array(plane.data.length);
  order.forEach((from, to) => (data[to] = plane.data[from] ?? 0));
  return createPlane(plane.width, plane.height, data);
}

/** Undoes `permutePlane`: every value goes back where its pixel came from. */
export function unpermutePlane(plane: Plane, order: readonly number[]): Plane {
  const data = new Float32Array(plane.data.length);
  order.forEach((from, to) => (data[from] = plane.data[to] ?? 0));
  return createPlane(plane.width, plane.height, data);
}

/** A dense layer without its bias: `units` rows of weights, one per unit, each as long as the input. */
export interface DenseWeights {
  readonly units: number;
  readonly weights: Float32Array;
}

/** Small random weights (±1/√n), as a layer starts before training. */
export function randomDenseWeights(inputs: number, units: number, seed: number): DenseWeights {
  const random = seededRandom(seed);
  const limit = 1 / Math.sqrt(inputs);
  return {
    units,
    weights: Float32Array.from({ length: inputs * units }, () => symmetric(random, limit)),
  };
}

/** The same layer for shuffled inputs: each weight moves with the pixel it multiplies. */
export function permuteWeights(layer: DenseWeights, order: readonly number[]): DenseWeights {
  const inputs = order.length;
  const weights = new Float32Array(layer.weights.length);
  for (let unit = 0; unit < layer.units; unit++)
    order.forEach(
      (from, to) => (weights[unit * inputs + to] = layer.weights[unit * inputs + from] ?? 0),
    );
  return { units: layer.units, weights };
}

/** Σ wᵢxᵢ for every unit, on the plane read as one flat vector. */
export function denseOutputs(layer: DenseWeights, input: Plane, scale = 1): number[] {
  const inputs = input.data.length;
  return Array.from({ length: layer.units }, (_, unit) => {
    let sum = 0;
    for (let i = 0; i < inputs; i++)
      sum += (layer.weights[unit * inputs + i] ?? 0) * (input.data[i] ?? 0);
    return sum * scale;
  });
}

export interface ShuffleReport {
  readonly shuffled: Plane;
  /** The dense layer's outputs on the image, and on the shuffled image with its weights moved along. */
  readonly dense: { readonly original: readonly number[]; readonly shuffled: readonly number[] };
  /** ‖Δ‖/‖outputs‖ of the dense layer: 0 up to rounding. */
  readonly denseChange: number;
  readonly convOriginal: Plane;
  /** The convolution of the shuffled image, with its cells put back where their pixels came from. */
  readonly convRestored: Plane;
  /** ‖Δ‖/‖map‖ between `convOriginal` and `convRestored`: large, the map is lost. */
  readonly convChange: number;
}

/** Runs both layers on an image and on its shuffled copy; pixels read as 0–1 (`scale` 1/255). */
export function compareShuffled(
  input: Plane,
  kernel: Kernel,
  options: { readonly seed: number; readonly units: number; readonly scale: number },
): ShuffleReport {
  const order = pixelPermutation(input.data.length, options.seed);
  const shuffled = permutePlane(input, order);
  const layer = randomDenseWeights(input.data.length, options.units, options.seed + 1);
  const original = denseOutputs(layer, input, options.scale);
  const moved = denseOutputs(permuteWeights(layer, order), shuffled, options.scale);
  // "Same" padding keeps the map as large as the image, so its cells can be put back in place.
  const padding = (kernel.size - 1) / 2;
  const convOriginal = conv2d(input, kernel, { padding });
  const convRestored = unpermutePlane(conv2d(shuffled, kernel, { padding }), order);
  return {
    shuffled,
    dense: { original, shuffled: moved },
    denseChange: relativeChange(
      createPlane(original.length, 1, Float32Array.from(original)),
      createPlane(moved.length, 1, Float32Array.from(moved)),
    ),
    convOriginal,
    convRestored,
    convChange: relativeChange(convOriginal, convRestored),
  };
}
