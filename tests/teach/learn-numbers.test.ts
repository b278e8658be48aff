/**
 * Every Learn section rendered in English and 中文: each number its text shows must be one the
 * teaching functions compute (or a constant of a formula it writes out), and the numbers the
 * section exists to show must be there.
 */
import { render } from 'svelte/server';
import { afterAll, describe, expect, it } from 'vitest';
import { countSigns } from '../../app/teach/common/activation.js';
import { conv2d } from '../../app/teach/common/convolution.js';
import { edgeCornerHierarchy } from '../../app/teach/common/hierarchy.js';
import { grayscale } from '../../app/teach/common/image.js';
import { builtinImage } from '../../app/teach/common/images.js';
import { kernelPreset } from '../../app/teach/common/kernels.js';
import {
  convLayerCount,
  denseLayerCount,
  denseStackCount,
} from '../../app/teach/common/parameters.js';
import { receptiveField } from '../../app/teach/common/receptive-field.js';
import { compareShuffled } from '../../app/teach/common/shuffle.js';
import {
  convOutputSize,
  explainOutputSize,
  poolOutputSize,
  samePadding,
} from '../../app/teach/common/sizes.js';
import { articleKernel, convStep, exampleMatrix } from '../../app/teach/common/step-trace.js';
import LearnArea from '../../renderer/areas/learn/LearnArea.svelte';
import { stackLayers } from '../../renderer/areas/learn/field-inputs.svelte.js';
import { localeState } from '../../renderer/lib/i18n.svelte.js';

interface Expected {
  /** Numbers the section must show. */
  readonly required: readonly number[];
  /** Other numbers it may show: formula constants and computed values shown beside them. */
  readonly allowed: readonly number[];
}

/** What every section may show, computed by the functions the calculators use. */
function expectedNumbers(): Record<string, Expected> {
  const image = grayscale(builtinImage('shapes'));
  const dense = denseStackCount(420, 1, [128]);
  const stack = denseStackCount(420, 1, [128, 256, 1]);
  const conv = convLayerCount(420, 1, 5);
  const ratio = Math.round((stack.layers[0]?.parameters ?? 0) / conv.parameters);
  const shuffle = compareShuffled(image, kernelPreset('sobel-vertical'), {
    seed: 7,
    units: 4,
    scale: 1 / 255,
  });
  const step = convStep(exampleMatrix('article'), articleKernel(), 0);
  // The identity map has nothing negative, so the activations section starts on the Laplacian's.
  const activationMap = conv2d(image, kernelPreset('laplacian'));
  const signs = countSigns(activationMap);
  const size = explainOutputSize({ inputSize: 6, kernelSize: 3 });
  const same = explainOutputSize({ inputSize: 6, kernelSize: 3, padding: samePadding(3) });
  const examples = [6, 120, 420].flatMap((n) => {
    const f = n === 6 ? 3 : 5;
    return [n, f, convOutputSize({ inputSize: n, kernelSize: f })];
  });
  const mapSide = convOutputSize({ inputSize: 128, kernelSize: 3 });
  const pooledTwice = poolOutputSize(poolOutputSize(mapSide, 2), 2);
  const rgbFilter = convLayerCount(128, 3, 3);
  const layer = convLayerCount(128, 1, 3, 4);
  const flatLength = pooledTwice * pooledTwice * 4;
  const field = receptiveField(stackLayers.slice(0, 4), 5, 5);
  const percent = (value: number): number => Math.round(value * 100);
  return {
    dense: {
      required: [420, dense.inputs, 128, dense.total, 4, conv.parameters, conv.neuronsPerFilter],
      allowed: [
        1,
        5,
        conv.outputSide,
        stack.total,
        ...stack.layers.flatMap((layer) => [layer.inputs, layer.units, layer.parameters]),
        ratio,
        percent(shuffle.denseChange),
        percent(shuffle.convChange),
      ],
    },
    algorithm: {
      required: [3, 6, 5, ...step.products, step.sum, step.bias, step.output],
      allowed: [1, 9, step.outX, step.outY],
    },
    sobel: { required: [], allowed: [0, 1, 9, 128, mapSide] },
    padding: {
      required: [size.outputSize, same.paddedSize, ...examples],
      allowed: [0, 1, 2, 3, 6, size.travel, size.quotient, samePadding(3), same.outputSize],
    },
    activations: {
      required: [signs.negative, activationMap.data.length, 255],
      allowed: [0, 1, -1, percent(signs.negative / activationMap.data.length)],
    },
    channels: {
      required: [3, rgbFilter.weights, rgbFilter.parameters, 4, layer.parameters],
      allowed: [1],
    },
    pooling: { required: [2, mapSide, pooledTwice], allowed: [] },
    flatten: {
      required: [4, pooledTwice, flatLength, 128, denseLayerCount(flatLength, 128).parameters],
      allowed: [],
    },
    shared: {
      required: [5, conv.parameters, 420, conv.outputSide, conv.neuronsPerFilter, dense.total],
      allowed: [
        1,
        3,
        2,
        field.left,
        field.right - 1,
        field.top,
        field.bottom - 1,
        field.right - field.left,
        4,
      ],
    },
    // "Layer 1" and "layer 2" name the two hand-made layers; step 0 is a run's first snapshot.
    learned: { required: [edgeCornerHierarchy(image).bias], allowed: [0, 1, 2] },
    // MobileNetV2's name, and the block its ImageNet weights reach (backbones.ts).
    pretrained: { required: [], allowed: [2, 10] },
    heatmaps: { required: [], allowed: [] },
  };
}

/** The text of every paragraph and list item of each section, tags removed. */
function sectionTexts(html: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const part of html.split('<section id="learn-').slice(1)) {
    const id = part.slice(0, part.indexOf('"'));
    const prose = [...part.matchAll(/<(p|li)\b[^>]*>([\s\S]*?)<\/\1>/g)]
      .filter((match) => !/class="[^"]*\bc\d\b/.test(match[0]))
      .map((match) => (match[2] ?? '').replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;/g, ' '));
    texts.set(id, prose.join('\n'));
  }
  return texts;
}

/** Numbers as written: digit groups joined, a minus sign kept. */
function numbersIn(text: string): number[] {
  return [...text.matchAll(/[−-]?\d+(?:,\d{3})*(?:\.\d+)?/g)].map((match) =>
    Number(match[0].replace(/,/g, '').replace('−', '-')),
  );
}

describe.each(['en', 'zh'] as const)('the Learn area in %s', (locale) => {
  afterAll(() => localeState.setLocale('en'));

  it('shows in every section only numbers the teaching functions compute', () => {
    localeState.setLocale(locale);
    const { body } = render(LearnArea, { props: { onOpenArea: () => undefined } });
    const texts = sectionTexts(body);
    const expected = expectedNumbers();
    expect([...texts.keys()]).toEqual(Object.keys(expected));
    for (const [id, text] of texts) {
      const { required, allowed } = expected[id] ?? { required: [], allowed: [] };
      const shown = numbersIn(text);
      const known = new Set([...required, ...allowed]);
      for (const number of shown)
        expect(
          known.has(number) || known.has(Math.abs(number)),
          `${id}: ${number} in ${text}`,
        ).toBe(true);
      for (const number of required) expect(shown, `${id} shows ${number}`).toContain(number);
    }
  });
});
