/**
 * What a pretrained run's network is made of, counted: the backbone up to its deepest feature
 * layer (the part that stays frozen and the last blocks that train), the pooled feature layers,
 * and the head's dense layers. Pure, so the app's model summary and the CLI count alike.
 */
import type { Backbone, FeatureLayer } from './backbones.js';
import type { BackboneLayerEntry } from './mobilenet-v2-layers.js';
import { mobileNetV2Layers } from './mobilenet-v2-layers.js';

/** The part of a pretrained recipe the counts depend on (a `PretrainedRecipe` fits). */
export interface SummaryRecipe {
  readonly layers?: readonly string[] | undefined;
  readonly hidden?: number | undefined;
  readonly dropout?: number | undefined;
  readonly fineTune?: number | undefined;
}

export interface HeadLayerSummary {
  readonly inputs: number;
  readonly units: number;
  readonly activation: 'relu' | 'softmax';
  /** Dropout on this layer's input (0: none). */
  readonly dropout: number;
  readonly parameters: number;
}

export interface BackbonePartSummary {
  /** The deepest feature layer: the backbone is cut after it. */
  readonly lastLayer: string;
  /** Blocks in order, with their weights, up to the cut ('stem', 'block_1', …). */
  readonly blocks: readonly { readonly name: string; readonly parameters: number }[];
  /** The last blocks that train with the head (empty: the backbone stays frozen). */
  readonly trainableBlocks: readonly string[];
  readonly frozenParameters: number;
  readonly trainableParameters: number;
}

export interface PretrainedSummary {
  readonly backboneId: string;
  readonly backboneName: string;
  /** Null for a backbone whose layers Fovea has no table of (its counts are unknown). */
  readonly backbone: BackbonePartSummary | null;
  readonly features: readonly FeatureLayer[];
  /** Channels of the concatenated pooled features: the head's input. */
  readonly featureWidth: number;
  readonly head: readonly HeadLayerSummary[];
  readonly headParameters: number;
  /** Head plus fine-tuned blocks. */
  readonly trainableParameters: number;
  /** Null when the backbone's counts are unknown. */
  readonly totalParameters: number | null;
}

const layerTables: Readonly<Record<string, readonly BackboneLayerEntry[]>> = {
  'mobilenet-v2': mobileNetV2Layers,
};

function dense(inputs: number, units: number, activation: HeadLayerSummary['activation']) {
  return { inputs, units, activation, dropout: 0, parameters: inputs * units + units };
}

/** Linear head: one softmax layer; MLP: a hidden ReLU layer (dropout on its input) first. */
export function headLayers(
  featureWidth: number,
  classes: number,
  hidden: number,
  dropout: number,
): HeadLayerSummary[] {
  if (hidden <= 0) return [dense(featureWidth, classes, 'softmax')];
  return [{ ...dense(featureWidth, hidden, 'relu'), dropout }, dense(hidden, classes, 'softmax')];
}

/**
 * Whether fine-tuning `fineTune` blocks trains this block, as the engine does it
 * (trainable-blocks.ts): the last blocks of the whole network, block_16 back to
 * block_(17 − N), and every layer after them that the features use (Conv_1, the top).
 */
function isFineTuned(block: string, fineTune: number): boolean {
  if (fineTune <= 0) return false;
  if (block === 'top') return true;
  const index = /^block_(\d+)$/.exec(block)?.[1];
  return index !== undefined && Number(index) >= 17 - fineTune;
}

/** The backbone's layers up to and including `lastLayer`, grouped by block. */
function backbonePart(
  table: readonly BackboneLayerEntry[],
  lastLayer: string,
  fineTune: number,
): BackbonePartSummary | null {
  const end = table.findIndex((layer) => layer.name === lastLayer);
  if (end < 0) return null;
  const blocks: { name: string; parameters: number }[] = [];
  for (const layer of table.slice(0, end + 1)) {
    const last = blocks.at(-1);
    if (last?.name === layer.block) last.parameters += layer.parameters;
    else blocks.push({ name: layer.block, parameters: layer.parameters });
  }
  const trainable = blocks.filter((block) => isFineTuned(block.name, fineTune));
  const trainableParameters = trainable.reduce((sum, block) => sum + block.parameters, 0);
  const all = blocks.reduce((sum, block) => sum + block.parameters, 0);
  return {
    lastLayer,
    blocks,
    trainableBlocks: trainable.map((block) => block.name),
    frozenParameters: all - trainableParameters,
    trainableParameters,
  };
}

/** What the counts read of a backbone: a registry entry or a listed choice fits. */
export type SummaryBackbone = Pick<Backbone, 'id' | 'name' | 'layers' | 'defaultLayers'>;

export function summarizePretrained(
  backbone: SummaryBackbone,
  recipe: SummaryRecipe,
  classes: number,
): PretrainedSummary {
  const names = recipe.layers ?? backbone.defaultLayers;
  const features = names.flatMap((name) => backbone.layers.filter((l) => l.name === name));
  const featureWidth = features.reduce((sum, layer) => sum + layer.channels, 0);
  const head = headLayers(featureWidth, classes, recipe.hidden ?? 0, recipe.dropout ?? 0);
  const headParameters = head.reduce((sum, layer) => sum + layer.parameters, 0);
  // The deepest chosen layer in the backbone's own order, which runs from early to late.
  const deepest = backbone.layers.filter((layer) => names.includes(layer.name)).at(-1);
  const table = layerTables[backbone.id];
  const part =
    table && deepest ? backbonePart(table, deepest.name, Math.max(0, recipe.fineTune ?? 0)) : null;
  return {
    backboneId: backbone.id,
    backboneName: backbone.name,
    backbone: part,
    features,
    featureWidth,
    head,
    headParameters,
    trainableParameters: headParameters + (part?.trainableParameters ?? 0),
    totalParameters: part
      ? part.frozenParameters + part.trainableParameters + headParameters
      : null,
  };
}
