/**
 * Layers build on layers: the first finds edges, the next combines edges into corners, later ones
 * combine those into parts. Trained networks learn this order by themselves; here it is done by
 * hand with two layers, so each map can be read. Layer 1 is the vertical and horizontal Sobel
 * kernels, rectified on both signs (edge strength), then 2×2 max pooling. Layer 2 has one filter
 * over those two channels: a box kernel on each, scaled so each edge channel peaks at 1, and a
 * bias of −1, then ReLU. A straight edge lights one channel and stays at or below the bias; only
 * where both kinds of edge are strong together does the sum pass it: at corners, and along curves
 * and slanted lines, which excite both Sobel kernels at once.
 */
import { relu } from './activation.js';
import { conv2d, convMultiChannel } from './convolution.js';
import { createPlane, maxAbs } from './image.js';
import type { Plane } from './image.js';
import { kernelPreset } from './kernels.js';
import type { Kernel } from './kernels.js';
import { pool2d } from './pooling.js';

export interface Hierarchy {
  /** Layer 1: vertical and horizontal edge strength, pooled once. */
  readonly edges: readonly [Plane, Plane];
  /** Layer 2: where both kinds of edge meet. */
  readonly corners: Plane;
  /** The second layer's bias. */
  readonly bias: number;
}

function edgeStrength(input: Plane, kernel: Kernel): Plane {
  const map = conv2d(input, kernel);
  return pool2d(createPlane(map.width, map.height, map.data.map(Math.abs)), { mode: 'max' });
}

function scaled(kernel: Kernel, factor: number): Kernel {
  return { size: kernel.size, weights: kernel.weights.map((weight) => weight * factor) };
}

export function edgeCornerHierarchy(input: Plane): Hierarchy {
  const vertical = edgeStrength(input, kernelPreset('sobel-vertical'));
  const horizontal = edgeStrength(input, kernelPreset('sobel-horizontal'));
  const box = kernelPreset('box');
  // Each channel's box response divided by its largest value, so 1 means "as strong as any edge".
  const kernels = [vertical, horizontal].map((edges) => {
    const peak = maxAbs(conv2d(edges, box));
    return scaled(box, peak > 0 ? 1 / peak : 0);
  });
  const bias = -1;
  return {
    edges: [vertical, horizontal],
    corners: relu(convMultiChannel([vertical, horizontal], kernels, bias)),
    bias,
  };
}
