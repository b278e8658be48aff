/**
 * The layers of Keras' MobileNetV2 (width 1.0) in graph order, with the weights each one stores,
 * computed from the architecture instead of read from `model.json`: the app's model summary needs
 * them in the renderer, which cannot read the backbone's files. A test checks the table against
 * the bundled model's weight manifest.
 */

export interface BackboneLayerEntry {
  /** The layer's name in the Keras model. */
  readonly name: string;
  /** The unit fine-tuning counts in: 'stem', 'block_1' … 'block_16', 'top'. */
  readonly block: string;
  /** Weights the layer stores (batch norm: gamma, beta, moving mean and variance). */
  readonly parameters: number;
}

/** [expansion, output channels, repeats, first stride] of each stage after the stem. */
const stages: readonly (readonly [number, number, number, number])[] = [
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

const depthwise = (channels: number): number => 9 * channels;
const pointwise = (input: number, output: number): number => input * output;
const batchNorm = (channels: number): number => 4 * channels;

/** One inverted residual block: expand 1×1, depthwise 3×3, project 1×1 (and add when it can). */
function blockLayers(index: number, input: number, output: number, stride: number) {
  const block = `block_${index}`;
  const expanded = 6 * input;
  const entries: BackboneLayerEntry[] = [
    { name: `${block}_expand`, block, parameters: pointwise(input, expanded) },
    { name: `${block}_expand_BN`, block, parameters: batchNorm(expanded) },
    { name: `${block}_expand_relu`, block, parameters: 0 },
    ...(stride === 2 ? [{ name: `${block}_pad`, block, parameters: 0 }] : []),
    { name: `${block}_depthwise`, block, parameters: depthwise(expanded) },
    { name: `${block}_depthwise_BN`, block, parameters: batchNorm(expanded) },
    { name: `${block}_depthwise_relu`, block, parameters: 0 },
    { name: `${block}_project`, block, parameters: pointwise(expanded, output) },
    { name: `${block}_project_BN`, block, parameters: batchNorm(output) },
  ];
  if (stride === 1 && input === output)
    entries.push({ name: `${block}_add`, block, parameters: 0 });
  return entries;
}

function buildLayers(): readonly BackboneLayerEntry[] {
  const stem = 'stem';
  const layers: BackboneLayerEntry[] = [
    { name: 'Conv1', block: stem, parameters: 3 * 3 * 3 * 32 },
    { name: 'bn_Conv1', block: stem, parameters: batchNorm(32) },
    { name: 'Conv1_relu', block: stem, parameters: 0 },
    { name: 'expanded_conv_depthwise', block: stem, parameters: depthwise(32) },
    { name: 'expanded_conv_depthwise_BN', block: stem, parameters: batchNorm(32) },
    { name: 'expanded_conv_depthwise_relu', block: stem, parameters: 0 },
    { name: 'expanded_conv_project', block: stem, parameters: pointwise(32, 16) },
    { name: 'expanded_conv_project_BN', block: stem, parameters: batchNorm(16) },
  ];
  let channels = 16;
  let index = 1;
  for (const [, output, repeats, firstStride] of stages) {
    for (let repeat = 0; repeat < repeats; repeat++) {
      layers.push(...blockLayers(index++, channels, output, repeat === 0 ? firstStride : 1));
      channels = output;
    }
  }
  layers.push(
    { name: 'Conv_1', block: 'top', parameters: pointwise(320, 1280) },
    { name: 'Conv_1_bn', block: 'top', parameters: batchNorm(1280) },
    { name: 'out_relu', block: 'top', parameters: 0 },
  );
  return layers;
}

/** MobileNetV2's feature-extracting layers, from the input to `out_relu`. */
export const mobileNetV2Layers: readonly BackboneLayerEntry[] = buildLayers();
