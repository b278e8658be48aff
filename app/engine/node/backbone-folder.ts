/**
 * Reads a backbone folder — a tfjs Layers model (`model.json` plus its weight shards), and for the
 * bundled ones Fovea's `backbone.json` — and checks it before tfjs sees it, so a user who points
 * Fovea at the wrong folder learns what is wrong rather than meeting a tfjs stack trace.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';

import type * as tf from '@tensorflow/tfjs';

import { FoveaError } from '../../base/common/errors.js';
import type { BackboneManifest } from '../common/backbones.js';

type WeightSpec = tf.io.WeightsManifestEntry;

export interface BackboneFiles {
  readonly directory: string;
  /** What tfjs loads, through tf.io.fromMemory. */
  readonly artifacts: tf.io.ModelArtifacts;
  /** The folder's backbone.json, or null for a user's plain Layers model. */
  readonly manifest: BackboneManifest | null;
}

/** Bytes one stored value takes: the quantized type where there is one, else the dtype. */
const bytesPerValue: Record<string, number> = {
  uint8: 1,
  uint16: 2,
  float16: 2,
  float32: 4,
  int32: 4,
  bool: 1,
};

function invalid(directory: string, problem: string): FoveaError {
  return new FoveaError('invalid_argument', `${directory} is not a usable backbone: ${problem}`);
}

async function readJson(path: string, directory: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FoveaError('io', `Cannot read ${path}: ${String(error)}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw invalid(directory, `${relative(directory, path)} is not valid JSON.`);
  }
}

function checkTopology(json: Record<string, unknown>, directory: string): void {
  if (json['format'] === 'graph-model' || 'signature' in json)
    throw invalid(
      directory,
      'model.json is a TF.js graph model; Fovea needs a Layers model (convert a Keras model with ' +
        'tensorflowjs_converter --input_format keras, or save it with model.save from TF.js).',
    );
  const topology = json['modelTopology'];
  if (typeof topology !== 'object' || topology === null)
    throw invalid(directory, 'model.json has no modelTopology.');
  if (!Array.isArray(json['weightsManifest']))
    throw invalid(directory, 'model.json has no weightsManifest (a model without weights).');
}

/** Bytes a weight takes in its shard; throws for a type Fovea cannot read. */
export function specBytes(spec: WeightSpec, directory: string): number {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const bytes = bytesPerValue[dtype];
  if (bytes === undefined)
    throw invalid(directory, `the weight ${spec.name} has the unsupported type ${dtype}.`);
  return spec.shape.reduce((product, side) => product * side, 1) * bytes;
}

/** A manifest path resolved inside the folder; one that leaves it is refused. */
function shardPath(directory: string, path: string): string {
  const full = resolve(directory, path);
  const inside = relative(directory, full);
  if (inside.startsWith('..') || isAbsolute(inside))
    throw invalid(directory, `the weight file ${path} lies outside the folder.`);
  return full;
}

async function readShards(
  manifest: tf.io.WeightsManifestConfig,
  directory: string,
): Promise<{ specs: WeightSpec[]; data: ArrayBuffer }> {
  const specs = manifest.flatMap((group) => group.weights);
  const paths = manifest.flatMap((group) => group.paths).map((path) => shardPath(directory, path));
  for (const path of paths)
    if (!existsSync(path))
      throw invalid(directory, `the weight file ${relative(directory, path)} is missing.`);
  const shards = await Promise.all(paths.map((path) => readFile(path)));
  const expected = specs.reduce((sum, spec) => sum + specBytes(spec, directory), 0);
  const actual = shards.reduce((sum, shard) => sum + shard.length, 0);
  if (actual !== expected)
    throw invalid(
      directory,
      `its weight files hold ${actual} bytes, but model.json describes ${expected} (a truncated ` +
        'or mismatched shard).',
    );
  const data = new Uint8Array(actual);
  let offset = 0;
  for (const shard of shards) {
    data.set(shard, offset);
    offset += shard.length;
  }
  return { specs, data: data.buffer };
}

/** Reads and checks `directory`; throws FoveaError `invalid_argument` saying what is wrong. */
export async function readBackboneFolder(directory: string): Promise<BackboneFiles> {
  const modelPath = join(directory, 'model.json');
  if (!existsSync(modelPath))
    throw invalid(
      directory,
      'it has no model.json (a TF.js Layers model is a model.json + shards).',
    );
  const json = await readJson(modelPath, directory);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw invalid(directory, 'model.json does not hold an object.');
  const model = json as Record<string, unknown>;
  checkTopology(model, directory);
  const { specs, data } = await readShards(
    model['weightsManifest'] as tf.io.WeightsManifestConfig,
    directory,
  );
  const manifestPath = join(directory, 'backbone.json');
  const manifest = existsSync(manifestPath)
    ? ((await readJson(manifestPath, directory)) as BackboneManifest)
    : null;
  return {
    directory,
    artifacts: {
      modelTopology: model['modelTopology'] as object,
      weightSpecs: specs,
      weightData: data,
      format: 'layers-model',
    },
    manifest,
  };
}
