/**
 * The numbers the sections' text quotes, computed by the functions the calculators use, so the
 * prose cannot drift from the code. Each section's values go into its message as placeholders.
 */
import { convLayerCount, denseStackCount } from '../../../app/teach/common/parameters.js';
import { convOutputSize, poolOutputSize } from '../../../app/teach/common/sizes.js';
import { articleKernel, convStep, exampleMatrix } from '../../../app/teach/common/step-trace.js';
import type { Locale } from '../../lib/i18n.svelte.js';
import { formatCount } from './format.js';

/** The article's case: a 420×420 grayscale photo, 128 dense units, one 5×5 filter. */
export const articleCase = { side: 420, channels: 1, units: 128, kernelSize: 5 } as const;

/** The built-in images' side and the 3×3 kernels the lab starts with. */
export const labCase = { side: 128, kernelSize: 3, poolSize: 2 } as const;

/** The dense layer of the pixel-shuffle experiment: a few units, fixed random weights. */
export const shuffleExperiment = { units: 4, seed: 7 } as const;

/** The units of the dense layer the flattening section puts on the flat vector. */
export const flattenUnits = articleCase.units;

export type SectionValues = Record<string, string | number>;

/** A lab map (3×3 kernel on a built-in image) pooled twice with 2×2 windows: its sides. */
export function labPooling(): { w: number; before: number; after: number } {
  const before = convOutputSize({ inputSize: labCase.side, kernelSize: labCase.kernelSize });
  const once = poolOutputSize(before, labCase.poolSize);
  return { w: labCase.poolSize, before, after: poolOutputSize(once, labCase.poolSize) };
}

export function quotedValues(locale: Locale): Record<string, SectionValues> {
  const count = (value: number): string => formatCount(value, locale);
  const dense = denseStackCount(articleCase.side, articleCase.channels, [articleCase.units]);
  const conv = convLayerCount(articleCase.side, articleCase.channels, articleCase.kernelSize);
  const example = exampleMatrix('article');
  const kernel = articleKernel();
  return {
    dense: {
      side: articleCase.side,
      inputs: count(dense.inputs),
      units: articleCase.units,
      dense: count(dense.total),
    },
    algorithm: { f: kernel.size, n: example.width, first: convStep(example, kernel, 0).output },
    pooling: labPooling(),
    shared: {
      f: conv.kernelSize,
      parameters: conv.parameters,
      side: articleCase.side,
      out: conv.outputSide,
      neurons: count(conv.neuronsPerFilter),
      dense: count(dense.total),
    },
  };
}
