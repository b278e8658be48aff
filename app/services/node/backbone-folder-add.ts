/**
 * A user's own TF.js Layers model added as a backbone: the folder is checked as the engine reads
 * it (files, JSON, weight sizes), copied into the library's `backbones/<id>/` with a backbone.json
 * describing what the engine found in it (input size, layers with image-shaped outputs), so it
 * keeps working after the original folder moves. A folder that fails any check is refused with
 * the reason, and nothing is left in the library.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

import { FoveaError } from '../../base/common/errors.js';
import type { Backbone } from '../../engine/common/backbones.js';
import {
  backboneIdPattern,
  backboneManifest,
  findBackbone,
} from '../../engine/common/backbones.js';
import type { BackboneShape } from '../../engine/common/model-tasks.js';
import { presets } from '../../engine/common/presets.js';
import { readBackboneFolder } from '../../engine/node/backbone-folder.js';
import { installFolder } from './install-folder.js';

export interface AddFolderOptions {
  /** The library's `backbones/`. */
  readonly backbonesDir: string;
  /** Its id; the folder's name made into one when left out. */
  readonly id?: string | undefined;
  /** Loads the copied folder in the engine and says what it offers. */
  readonly inspect: (directory: string) => Promise<BackboneShape>;
}

/** `My Model (v2)` → `my-model-v2`. */
export function idFromFolder(folder: string): string {
  return basename(resolve(folder))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '')
    .slice(0, 64);
}

function checkId(id: string, backbonesDir: string, isTaken: (id: string) => boolean): void {
  if (!backboneIdPattern.test(id))
    throw new FoveaError(
      'invalid_argument',
      `"${id}" cannot name a backbone: use lower-case letters, digits, dots, dashes and underscores (name it with --id).`,
    );
  // A run records its start in one field, so a backbone may not share a network preset's id.
  if (presets.some((preset) => preset.id === id))
    throw new FoveaError('conflict', `${id} names one of Fovea's networks; choose another name.`);
  if (findBackbone(id) !== undefined || isTaken(id))
    throw new FoveaError(
      'conflict',
      `A backbone named ${id} exists already (${join(backbonesDir, id)}); choose another name.`,
    );
}

function describe(id: string, source: string, shape: BackboneShape): Backbone {
  const last = shape.layers.at(-1)!;
  return {
    id,
    origin: 'folder',
    name: id,
    description:
      `Your own TF.js Layers model, added from ${source}. Its pixels are scaled to [0, 1]; its ` +
      `last image-shaped layer (${last.name}) gives the features unless you choose others.`,
    inputSize: shape.inputSize,
    inputScaling: { min: 0, max: 1 },
    layers: shape.layers,
    defaultLayers: [last.name],
    parameters: shape.parameters,
    licences: [
      { part: 'The whole model', licence: 'as its owner licensed it', holder: 'its owner', source },
    ],
    source,
  };
}

/** Adds `folder`; returns the new backbone. */
export async function addBackboneFolder(
  folder: string,
  options: AddFolderOptions & { readonly isTaken: (id: string) => boolean },
): Promise<Backbone> {
  const source = resolve(folder);
  const id = options.id ?? idFromFolder(source);
  checkId(id, options.backbonesDir, options.isTaken);
  await readBackboneFolder(source);
  const staging = join(options.backbonesDir, `.add-${id}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(staging, { recursive: true });
    for (const path of ['model.json', ...(await shardPaths(source))]) {
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await copyFile(join(source, path), join(staging, path));
    }
    const shape = await options.inspect(staging);
    if (shape.layers.length === 0)
      throw new FoveaError(
        'invalid_argument',
        `${source} is not a usable backbone: none of its layers has an image-shaped output to take features from.`,
      );
    const backbone = describe(id, source, shape);
    await writeFile(
      join(staging, 'backbone.json'),
      `${JSON.stringify(backboneManifest(backbone), null, 2)}\n`,
    );
    await installFolder(staging, join(options.backbonesDir, id));
    return backbone;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** The weight files model.json names (readBackboneFolder has checked they lie inside it). */
async function shardPaths(source: string): Promise<string[]> {
  const json = JSON.parse(await readFile(join(source, 'model.json'), 'utf8')) as {
    weightsManifest: { paths: string[] }[];
  };
  return json.weightsManifest.flatMap((group) => group.paths);
}
