/**
 * A pretrained network as a feature extractor. The network, its batch norms folded into its
 * convolutions (folded-network.ts), runs each batch once up to the chosen layers; each output is
 * global-average-pooled over height and width, and the pooled vectors are concatenated into one
 * embedding per image. A head trained on those
 * embeddings is the "pretrained" recipe; the flipped images' embeddings are its augmentation.
 */
import * as tf from '@tensorflow/tfjs';

import { FoveaError } from '../../base/common/errors.js';
import type { BackboneManifest, FeatureLayer, InputScaling } from '../common/backbones.js';
import { readBackboneFolder } from './backbone-folder.js';
import { FoldedNetwork } from './folded-network.js';

/** Packed RGB pixels, row by row (HWC, uint8), at any size. */
export interface RgbImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface LoadedBackbone {
  readonly directory: string;
  readonly model: tf.LayersModel;
  readonly inputSize: number;
  readonly inputScaling: InputScaling;
  /** Layers offered as features: the manifest's, or every layer with an image-shaped output. */
  readonly layers: readonly FeatureLayer[];
  readonly manifest: BackboneManifest | null;
}

export interface Embeddings {
  /** count × dimension. */
  readonly embeddings: Float32Array;
  /** The same for the images flipped left to right, or null when not asked for. */
  readonly flipped: Float32Array | null;
}

function invalid(directory: string, problem: string): FoveaError {
  return new FoveaError('invalid_argument', `${directory} is not a usable backbone: ${problem}`);
}

/** Layers whose output is a known height × width × channels map (the input layer aside). */
export function imageLayers(model: tf.LayersModel): FeatureLayer[] {
  return model.layers.flatMap((layer) => {
    if (layer.getClassName() === 'InputLayer') return [];
    const shape = layer.outputShape;
    if (!Array.isArray(shape) || shape.length !== 4 || Array.isArray(shape[0])) return [];
    const [, height, width, channels] = shape as (number | null)[];
    if (height == null || height !== width || channels == null) return [];
    return [{ name: layer.name, side: height, channels }];
  });
}

function inputSizeOf(model: tf.LayersModel, directory: string): number {
  if (model.inputs.length !== 1) throw invalid(directory, 'the model must have exactly one input.');
  const [, height, width, channels] = model.inputs[0]!.shape;
  if (model.inputs[0]!.shape.length !== 4 || channels !== 3)
    throw invalid(directory, 'its input must be an RGB image (height × width × 3).');
  if (height == null || height !== width)
    throw invalid(directory, `its input must be a fixed square, not ${height} × ${width}.`);
  return height;
}

/** Loads and checks the backbone in `directory` (see backbone-folder.ts for the files). */
export async function loadBackbone(directory: string): Promise<LoadedBackbone> {
  const files = await readBackboneFolder(directory);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(files.artifacts));
  } catch (error) {
    throw invalid(directory, `TensorFlow.js cannot build it (${String(error)}).`);
  }
  const inputSize = inputSizeOf(model, directory);
  if (files.manifest !== null && files.manifest.inputSize !== inputSize)
    throw invalid(
      directory,
      `backbone.json says ${files.manifest.inputSize} px, model ${inputSize}.`,
    );
  const layers = files.manifest?.layers ?? imageLayers(model);
  return {
    directory,
    model,
    inputSize,
    inputScaling: files.manifest?.inputScaling ?? { min: 0, max: 1 },
    layers,
    manifest: files.manifest,
  };
}

/** The network's input for `images`: [n, size, size, 3], resized and scaled. */
export function toInput(
  images: readonly RgbImage[],
  size: number,
  scaling: InputScaling,
): tf.Tensor4D {
  return tf.tidy(() => {
    const resized = images.map((image) => {
      if (image.data.length !== image.width * image.height * 3)
        throw new FoveaError(
          'invalid_argument',
          `An RGB image of ${image.width} × ${image.height} needs ${image.width * image.height * 3} bytes, not ${image.data.length}.`,
        );
      const pixels = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
      if (image.width === size && image.height === size) return pixels.toFloat();
      return tf.image.resizeBilinear(pixels.toFloat(), [size, size], false, true);
    });
    const factor = (scaling.max - scaling.min) / 255;
    return tf.stack(resized).mul(factor).add<tf.Tensor4D>(scaling.min);
  });
}

function globalAveragePool(output: tf.Tensor): tf.Tensor2D {
  return (output.rank === 4 ? output.mean([1, 2]) : output) as tf.Tensor2D;
}

export class FeatureExtractor {
  readonly #backbone: LoadedBackbone;
  readonly #network: FoldedNetwork;
  readonly #layers: readonly string[];
  /** Length of one embedding: the chosen layers' channels, summed. */
  readonly dimension: number;

  private constructor(backbone: LoadedBackbone, layers: readonly string[], dimension: number) {
    this.#backbone = backbone;
    this.#layers = layers;
    this.#network = new FoldedNetwork(backbone.model, layers);
    this.dimension = dimension;
  }

  /** An extractor of `layers` (names from `backbone.layers`), in the order given. */
  static create(backbone: LoadedBackbone, layers: readonly string[]): FeatureExtractor {
    if (layers.length === 0)
      throw new FoveaError('invalid_argument', 'Choose at least one layer to take features from.');
    const offered = new Map(backbone.layers.map((layer) => [layer.name, layer]));
    const chosen = layers.map((name) => {
      const layer = offered.get(name);
      if (layer === undefined)
        throw new FoveaError(
          'invalid_argument',
          `The backbone offers no layer ${name}; it offers ${[...offered.keys()].join(', ')}.`,
        );
      return layer;
    });
    const dimension = chosen.reduce((sum, layer) => sum + layer.channels, 0);
    return new FeatureExtractor(backbone, layers, dimension);
  }

  /** Embeddings of `images` (any size; resized to the backbone's), and of their mirror images. */
  async embed(
    images: readonly RgbImage[],
    options: { readonly withFlipped?: boolean } = {},
  ): Promise<Embeddings> {
    const { inputSize, inputScaling } = this.#backbone;
    const isFlipped = options.withFlipped === true;
    const pooled = tf.tidy(() => {
      const input = toInput(images, inputSize, inputScaling);
      const batch = isFlipped ? tf.concat([input, tf.image.flipLeftRight(input)]) : input;
      const outputs = this.#network.run(batch, this.#layers);
      return tf.concat(outputs.map(globalAveragePool), 1);
    });
    try {
      const values = (await pooled.data()) as Float32Array;
      const half = images.length * this.dimension;
      return {
        embeddings: values.slice(0, half),
        flipped: isFlipped ? values.slice(half) : null,
      };
    } finally {
      pooled.dispose();
    }
  }

  /** Frees the folded weights; the backbone's own model stays loaded. */
  dispose(): void {
    this.#network.dispose();
  }
}
