/**
 * Trained models on disk in TensorFlow.js' Layers format (model.json + one weights.bin), written
 * and read with Node's fs: tfjs-node's `file://` handler is not available, so `withSaveHandler`
 * hands over the artifacts and this module writes them, and loading reads them back into
 * `fromMemory`. The same folder is a valid tfjs export (`tf.loadLayersModel('…/model.json')`).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { FoveaError } from '../../base/common/errors.js';
import type { SavedModelInfo } from '../common/model-tasks.js';
import { savedModelFiles } from '../common/model-tasks.js';
import { defaultFit, isFit } from '../../images/common/fit.js';

interface ModelJson {
  readonly format: 'layers-model';
  readonly generatedBy: string;
  readonly convertedBy: null;
  readonly modelTopology: unknown;
  readonly weightsManifest: readonly {
    readonly paths: readonly string[];
    readonly weights: readonly tf.io.WeightsManifestEntry[];
  }[];
}

function concatWeights(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const buffers = Array.isArray(data) ? data : [data];
  const total = buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const buffer of buffers) {
    out.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return out;
}

/** Writes each file under a temporary name first, so a folder never holds half a file. */
async function writeWhole(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.partial`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

/** Saves `model` into `dir` (created if needed); returns the files written and their bytes. */
export async function saveLayersModel(
  model: tf.LayersModel,
  dir: string,
  info: SavedModelInfo,
): Promise<{ files: string[]; bytes: number }> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler((saved) => {
      artifacts = saved;
      return Promise.resolve({
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
      });
    }),
  );
  const saved = artifacts as tf.io.ModelArtifacts | null;
  if (saved === null) throw new FoveaError('internal', 'tfjs did not hand over the model.');
  const weights = concatWeights(saved.weightData);
  const modelJson: ModelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: saved.modelTopology,
    weightsManifest: [{ paths: [savedModelFiles.weights], weights: saved.weightSpecs ?? [] }],
  };
  const topology = JSON.stringify(modelJson);
  const infoJson = JSON.stringify(info, null, 2);
  await mkdir(dir, { recursive: true });
  await writeWhole(join(dir, savedModelFiles.weights), weights);
  await writeWhole(join(dir, savedModelFiles.topology), topology);
  await writeWhole(join(dir, savedModelFiles.info), infoJson);
  return {
    files: [savedModelFiles.topology, savedModelFiles.weights, savedModelFiles.info],
    bytes: weights.byteLength + topology.length + infoJson.length,
  };
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    throw new FoveaError(
      'not_found',
      `Cannot read the saved model file ${path}: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
}

function checkInfo(value: unknown, path: string): SavedModelInfo {
  const info = value as Partial<SavedModelInfo> | null;
  if (
    info === null ||
    typeof info !== 'object' ||
    !Array.isArray(info.classes) ||
    !info.classes.every((name) => typeof name === 'string') ||
    typeof info.size !== 'number' ||
    !Number.isInteger(info.size) ||
    info.size < 1
  )
    throw new FoveaError('io', `${path} does not describe a Fovea model (classes and size).`);
  // Model folders written before the choice of fit were squashed.
  return { classes: info.classes, size: info.size, fit: isFit(info.fit) ? info.fit : defaultFit };
}

/** Loads a Layers-format model (model.json + weights files) from a folder. */
export async function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  const json = (await readJson(join(dir, savedModelFiles.topology))) as Partial<ModelJson>;
  const manifest = json.weightsManifest ?? [];
  const weightSpecs = manifest.flatMap((group) => group.weights);
  const parts: Uint8Array[] = [];
  for (const group of manifest)
    for (const file of group.paths) {
      if (file.includes('/') || file.includes('\\') || file.startsWith('.'))
        throw new FoveaError('io', `model.json names a weights file outside its folder: ${file}`);
      parts.push(await readFile(join(dir, file)));
    }
  const weightData = concatWeights(parts.map((part) => part.slice().buffer));
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
      weightSpecs,
      weightData: weightData.buffer,
    }),
  );
}

export async function loadSavedModel(
  dir: string,
): Promise<{ model: tf.LayersModel; info: SavedModelInfo }> {
  const infoPath = join(dir, savedModelFiles.info);
  const info = checkInfo(await readJson(infoPath), infoPath);
  return { model: await loadLayersModel(dir), info };
}
