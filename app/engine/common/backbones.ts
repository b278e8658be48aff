/**
 * The pretrained networks Fovea can start from, as plain data: what each one is, where it comes
 * from, under which licence, and which of its layers serve as features. The build writes each
 * bundled backbone's files next to a `backbone.json` made from its entry here
 * (scripts/build-backbones.js), so the registry is the one place these facts are written.
 */

import type { TrainingConfig } from './training.js';

export type BackboneId = 'mobilenet-v2';

/** Where a run starts: a network trained from scratch, or a head on a backbone's embeddings. */
export type StartFrom = 'scratch' | BackboneId;

/**
 * The head's recipe on embeddings: logistic regression, Adam at 1e-3, batch 64, 30 epochs. On
 * the pets photos with the default layers it scored 86.5–89.5% test accuracy over seeds
 * (.scratch measurements of the transfer issue); flipped-image embeddings did not help it.
 */
export const headTrainingConfig: Partial<TrainingConfig> = {
  epochs: 30,
  batchSize: 64,
  optimizer: 'adam',
  learningRate: 1e-3,
  schedule: 'constant',
  patience: 0,
  restoreBest: false,
  augment: { flip: false, shift: 0, rotation: 0, zoom: 0, brightness: 0, contrast: 0 },
};

/**
 * How a pretrained run trains on a backbone: which features, what head, which augmentation, and
 * how much of the backbone trains too. Every field is optional; `resolveRecipe`
 * (pretrained-recipe.ts) fills the defaults and says what is wrong with a bad value.
 */
export interface PretrainedRecipe {
  /** Feature layers, pooled and concatenated; default the backbone's `defaultLayers`. */
  readonly layers?: readonly string[];
  /** 0 (default) = a linear head; > 0 = one hidden ReLU layer of this many units. */
  readonly hidden?: number;
  /** Dropout on the hidden layer's input, 0..0.9; only with a hidden layer. */
  readonly dropout?: number;
  /** L2 penalty on the head's kernels. */
  readonly weightDecay?: number;
  /** Flipped-image embeddings as augmentation. */
  readonly flip?: boolean;
  /** The last N backbone blocks train too; 0 (default) = the backbone stays frozen. */
  readonly fineTune?: number;
}

/** How pixels in [0, 255] are mapped before the network sees them. */
export interface InputScaling {
  /** The value 0 maps to. */
  readonly min: number;
  /** The value 255 maps to. */
  readonly max: number;
}

export interface FeatureLayer {
  /** The layer's name in the model. */
  readonly name: string;
  /** Its output at the backbone's input size: height = width, and channels. */
  readonly side: number;
  readonly channels: number;
}

export interface LicenceNotice {
  /** What the notice covers. */
  readonly part: string;
  readonly licence: string;
  readonly holder: string;
  readonly source: string;
}

export interface Backbone {
  readonly id: BackboneId;
  readonly name: string;
  /** Plainly, what the weights are and what they were trained on. */
  readonly description: string;
  /** Square input side in pixels. */
  readonly inputSize: number;
  readonly inputScaling: InputScaling;
  /** Layers offered as features, from early to late. */
  readonly layers: readonly FeatureLayer[];
  /** The layers whose pooled outputs make the default embedding. */
  readonly defaultLayers: readonly string[];
  /** Trained layers: the model's weights, counted. */
  readonly parameters: number;
  readonly licences: readonly LicenceNotice[];
  /** Where the files come from. */
  readonly source: string;
}

export const mobileNetV2: Backbone = {
  id: 'mobilenet-v2',
  name: 'MobileNetV2 (bundled)',
  description:
    'Keras MobileNetV2 (width 1.0, 224×224) as shipped inside the nsfwjs package. Its blocks up ' +
    'to block_10 hold the ImageNet weights of Keras Applications, unchanged; block_11 to ' +
    'block_16, Conv_1 and the head were retrained by nsfwjs to sort images into its own five ' +
    'classes. Weights are stored quantized to 8 bits. A clean ImageNet MobileNet should give ' +
    'somewhat better features.',
  inputSize: 224,
  inputScaling: { min: 0, max: 1 },
  layers: [
    { name: 'block_3_expand_relu', side: 56, channels: 144 },
    { name: 'block_6_expand_relu', side: 28, channels: 192 },
    { name: 'block_9_expand_relu', side: 14, channels: 384 },
    { name: 'block_10_expand_relu', side: 14, channels: 384 },
    { name: 'block_12_add', side: 14, channels: 96 },
    { name: 'block_13_expand_relu', side: 14, channels: 576 },
    { name: 'block_16_project_BN', side: 7, channels: 320 },
    { name: 'out_relu', side: 7, channels: 1280 },
  ],
  defaultLayers: [
    'block_9_expand_relu',
    'block_10_expand_relu',
    'block_12_add',
    'block_13_expand_relu',
    'block_16_project_BN',
  ],
  parameters: 2_619_461,
  licences: [
    {
      part: 'The network as converted and retrained (topology, blocks 11–16 and head)',
      licence: 'MIT',
      holder: 'Infinite Red, Inc. (nsfwjs)',
      source: 'https://github.com/infinitered/nsfwjs',
    },
    {
      part: 'The ImageNet weights of MobileNetV2 (blocks up to block_10)',
      licence: 'Apache-2.0',
      holder: 'The TensorFlow Authors (Keras Applications)',
      source: 'https://github.com/keras-team/keras-applications',
    },
  ],
  source: 'npm package nsfwjs 4.4.0, dist/models/mobilenet_v2 (built into plain files by Fovea)',
};

export const backbones: readonly Backbone[] = [mobileNetV2];

/** Fovea's own description of a backbone folder, written next to its `model.json`. */
export type BackboneManifest = Omit<Backbone, 'id'> & {
  readonly id: string;
  readonly format: 'fovea-backbone';
  readonly version: 1;
};

export function backboneManifest(backbone: Backbone): BackboneManifest {
  return { format: 'fovea-backbone', version: 1, ...backbone };
}

export function findBackbone(id: string): Backbone | undefined {
  return backbones.find((backbone) => backbone.id === id);
}
