/**
 * `npm run bench -- teach [seconds]`: how many times a second the Learn area can re-run its
 * convolution while a person edits a kernel: a 3×3 kernel on a 256×256 RGB photo-sized image, each
 * colour channel on its own, on this one thread. The target is 30 updates a second (one per frame
 * at a relaxed frame rate). There is no peer to compare with.
 */
import { conv2d } from '../app/teach/common/convolution.js';
import { signedToRgba } from '../app/teach/common/display.js';
import { colorChannel, grayscale } from '../app/teach/common/image.js';
import type { ColorChannel, Plane } from '../app/teach/common/image.js';
import { builtinImage } from '../app/teach/common/images.js';
import { kernelPreset, withWeight } from '../app/teach/common/kernels.js';
import type { Kernel } from '../app/teach/common/kernels.js';

const side = 256;
const channels = [0, 1, 2] as const satisfies readonly ColorChannel[];
const target = 30;

/** Runs `update` repeatedly for about `seconds` and returns updates per second. */
function rate(seconds: number, update: (iteration: number) => void): number {
  for (let i = 0; i < 5; i++) update(i); // warm the JIT
  const start = performance.now();
  let iterations = 0;
  while (performance.now() - start < seconds * 1000) update(iterations++);
  return iterations / ((performance.now() - start) / 1000);
}

export default async function bench(args: string[]): Promise<Record<string, unknown>> {
  const seconds = Math.max(0.2, Number(args[0] ?? 2) || 2);
  const image = builtinImage('rings', side);
  const base = kernelPreset('sobel-vertical');
  // Each update edits one weight, as typing in the kernel grid does.
  const edited = (iteration: number): Kernel => withWeight(base, 4, (iteration % 7) - 3);

  // Only the outputs are reused: what the lab keeps between frames.
  const planes = channels.map((channel) => colorChannel(image, channel));
  const outputs = channels.map(() => new Float32Array(side * side));
  const convOnly = rate(seconds, (iteration) => {
    const kernel = edited(iteration);
    planes.forEach((plane, c) => conv2d(plane, kernel, { padding: 1 }, outputs[c]));
  });

  // The whole update as the lab does it, allocating fresh arrays: split the channels, convolve,
  // turn each map into display pixels.
  const fullUpdate = rate(seconds, (iteration) => {
    const kernel = edited(iteration);
    for (const channel of channels) {
      const map: Plane = conv2d(colorChannel(image, channel), kernel, { padding: 1 });
      signedToRgba(map);
    }
  });

  const grayscaleUpdate = rate(seconds, (iteration) => {
    signedToRgba(conv2d(grayscale(image), edited(iteration), { padding: 1 }));
  });

  await Promise.resolve();
  const round = (value: number): number => Math.round(value * 10) / 10;
  return {
    image: `${side}×${side} RGB`,
    kernel: '3×3',
    thread: 'one (main thread, no workers)',
    seconds,
    updatesPerSecond: {
      rgbConvolution: round(convOnly),
      rgbWithChannelSplitAndDisplay: round(fullUpdate),
      grayscaleWithDisplay: round(grayscaleUpdate),
    },
    target,
    meetsTarget: Math.min(convOnly, fullUpdate) >= target,
  };
}
