import type { RgbaImage } from '../../../app/teach/common/image.js';
import type { Kernel } from '../../../app/teach/common/kernels.js';
import { weightsToBytes } from '../../../app/engine/common/visuals.js';

/** A kernel as a grayscale tile: 128 is zero, one symmetric scale. */
export function kernelImage(kernel: Kernel): RgbaImage {
  const bytes = weightsToBytes(kernel.weights);
  const data = new Uint8ClampedArray(new ArrayBuffer(bytes.length * 4));
  bytes.forEach((v, i) => data.set([v, v, v, 255], i * 4));
  return { width: kernel.size, height: kernel.size, data };
}
