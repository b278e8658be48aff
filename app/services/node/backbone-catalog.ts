/**
 * Which backbones this machine has, and where: the bundled ones in the app's `dist/backbones/`,
 * the downloaded ones and a user's own in the library's `backbones/<id>/`. A folder counts once it
 * holds a model.json and Fovea's backbone.json; staging folders of a download (hidden names) never
 * do.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { FoveaError } from '../../base/common/errors.js';
import type { BackboneChoice } from '../../engine/common/backbone-choice.js';
import type { Backbone, BackboneManifest } from '../../engine/common/backbones.js';
import { backboneIdPattern, backbones, findBackbone } from '../../engine/common/backbones.js';

export interface ResolvedBackbone {
  readonly backbone: Backbone;
  /** Its folder, as the engine loads it. */
  readonly directory: string;
}

function isComplete(directory: string): boolean {
  return existsSync(join(directory, 'model.json')) && existsSync(join(directory, 'backbone.json'));
}

function choiceOf(backbone: Backbone, isAvailable: boolean): BackboneChoice {
  return {
    id: backbone.id,
    name: backbone.name,
    description: backbone.description,
    origin: backbone.origin,
    inputSize: backbone.inputSize,
    layers: backbone.layers,
    defaultLayers: backbone.defaultLayers,
    parameters: backbone.parameters,
    licences: backbone.licences,
    isAvailable,
    downloadBytes: backbone.download?.approximateBytes ?? null,
  };
}

/** A user's backbone from its backbone.json; null for anything that is not one. */
function readOwn(directory: string): Backbone | null {
  try {
    const manifest = JSON.parse(
      readFileSync(join(directory, 'backbone.json'), 'utf8'),
    ) as BackboneManifest;
    if (manifest.format !== 'fovea-backbone' || manifest.origin !== 'folder') return null;
    const { format: _format, version: _version, ...backbone } = manifest;
    return backbone;
  } catch {
    return null;
  }
}

export class BackboneCatalog {
  /** The app's bundled backbones (dist/backbones), when it has them. */
  readonly bundledDir: string | undefined;
  /** The library's `backbones/`: downloads and a user's own. */
  readonly libraryDir: string;

  constructor(options: { readonly bundledDir?: string | undefined; readonly libraryDir: string }) {
    this.bundledDir = options.bundledDir;
    this.libraryDir = options.libraryDir;
  }

  /** Where `backbone`'s files are, or would be once downloaded. */
  folderOf(backbone: Backbone): string | null {
    if (backbone.origin !== 'bundled') return join(this.libraryDir, backbone.id);
    return this.bundledDir === undefined ? null : join(this.bundledDir, backbone.id);
  }

  /** The registry's backbones, then the user's own, each saying whether it is here. */
  list(): BackboneChoice[] {
    const registered = backbones.map((backbone) => {
      const folder = this.folderOf(backbone);
      return choiceOf(backbone, folder !== null && isComplete(folder));
    });
    return [...registered, ...this.#own().map((backbone) => choiceOf(backbone, true))];
  }

  /** `id`'s backbone and folder, if it is here. */
  find(id: string): ResolvedBackbone | undefined {
    const registered = findBackbone(id);
    if (registered !== undefined) {
      const directory = this.folderOf(registered);
      return directory !== null && isComplete(directory)
        ? { backbone: registered, directory }
        : undefined;
    }
    return this.#own()
      .filter((backbone) => backbone.id === id)
      .map((backbone) => ({ backbone, directory: join(this.libraryDir, id) }))[0];
  }

  /** Like find, but says why a backbone cannot be used. */
  resolve(id: string): ResolvedBackbone {
    const found = this.find(id);
    if (found !== undefined) return found;
    const registered = findBackbone(id);
    if (registered?.origin === 'download')
      throw new FoveaError(
        'not_found',
        `${registered.name} is not downloaded yet: download it first (fovea backbones download ${id}), or start from the bundled mobilenet-v2.`,
      );
    if (registered !== undefined)
      throw new FoveaError(
        'not_found',
        `The files of ${registered.name} are missing (build them with node scripts/build.js).`,
      );
    const known = this.list().map((choice) => choice.id);
    throw new FoveaError(
      'not_found',
      `There is no backbone "${id}"; the backbones are ${known.join(', ')}.`,
    );
  }

  #own(): Backbone[] {
    if (!existsSync(this.libraryDir)) return [];
    return readdirSync(this.libraryDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && backboneIdPattern.test(entry.name))
      .filter((entry) => findBackbone(entry.name) === undefined)
      .flatMap((entry) => {
        const directory = join(this.libraryDir, entry.name);
        const backbone = isComplete(directory) ? readOwn(directory) : null;
        return backbone === null || backbone.id !== entry.name ? [] : [backbone];
      });
  }
}
