/**
 * Downloads a published TF.js Layers model into the library's `backbones/<id>/`: model.json
 * first, then the weight files it names, streamed to disk with progress; each file is checked
 * (complete, the size model.json gives its weights, the checksum where one is known) and the
 * whole folder is read back as the engine will read it before it replaces anything. Everything
 * goes to a hidden staging folder that is renamed into place at the end, so a dropped connection,
 * a bad file or a cancel leaves nothing half-written behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type * as tf from '@tensorflow/tfjs';

import { FoveaError } from '../../base/common/errors.js';
import type { BackboneDownloadProgress } from '../../engine/common/backbone-choice.js';
import type { Backbone } from '../../engine/common/backbones.js';
import { backboneManifest } from '../../engine/common/backbones.js';
import { readBackboneFolder, specBytes } from '../../engine/node/backbone-folder.js';
import type { FetchedFile } from './fetch-file.js';
import { fetchFile } from './fetch-file.js';
import { installFolder } from './install-folder.js';

export interface DownloadOptions {
  /** The library's `backbones/` folder. */
  readonly backbonesDir: string;
  /** Replaces the published location: model.json is fetched from `${baseUrl}/${id}/model.json`. */
  readonly baseUrl?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: BackboneDownloadProgress) => void) | undefined;
}

/** Where model.json of `backbone` is fetched from. */
export function modelUrl(backbone: Backbone, baseUrl: string | undefined): string {
  if (baseUrl !== undefined && baseUrl !== '')
    return `${baseUrl.replace(/\/+$/, '')}/${backbone.id}/model.json`;
  if (backbone.download === undefined)
    throw new FoveaError(
      'invalid_argument',
      `${backbone.name} is not downloaded; it needs no download.`,
    );
  return backbone.download.url;
}

function refused(backbone: Backbone, problem: string): FoveaError {
  return new FoveaError(
    'io',
    `The download of ${backbone.name} was refused: ${problem} Nothing was kept; try again later.`,
  );
}

interface WeightFile {
  readonly path: string;
  /** Index of its group in the weightsManifest. */
  readonly group: number;
}

/** The weight files model.json names, and what each group's files must hold together. */
function weightFiles(
  backbone: Backbone,
  text: string,
): { files: WeightFile[]; groupBytes: number[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw refused(backbone, 'its model.json is not valid JSON.');
  }
  const manifest = (json as { weightsManifest?: unknown } | null)?.weightsManifest;
  if (typeof json !== 'object' || json === null || !Array.isArray(manifest))
    throw refused(backbone, 'its model.json is not a TF.js Layers model (no weightsManifest).');
  const groups = manifest as tf.io.WeightsManifestConfig;
  const files = groups.flatMap((group, index) =>
    group.paths.map((path): WeightFile => {
      if (!/^[\w.-]+$/.test(path) || path.startsWith('.'))
        throw refused(
          backbone,
          `its model.json names the weight file "${path}" outside its folder.`,
        );
      return { path, group: index };
    }),
  );
  const groupBytes = groups.map((group) =>
    group.weights.reduce((sum, spec) => sum + specBytes(spec, backbone.name), 0),
  );
  return { files, groupBytes };
}

function checkKnown(backbone: Backbone, path: string, fetched: FetchedFile): void {
  const known = backbone.download?.files?.find((file) => file.path === path);
  if (known === undefined) return;
  if (fetched.bytes !== known.bytes || fetched.sha256 !== known.sha256)
    throw refused(backbone, `${path} is not the published file (its checksum differs).`);
}

/** Downloads `backbone` and returns its folder; throws a FoveaError that says what went wrong. */
export async function downloadBackbone(
  backbone: Backbone,
  options: DownloadOptions,
): Promise<string> {
  const url = modelUrl(backbone, options.baseUrl);
  const staging = join(
    options.backbonesDir,
    `.download-${backbone.id}-${randomBytes(4).toString('hex')}`,
  );
  await mkdir(staging, { recursive: true });
  try {
    const report = (file: string, receivedBytes: number, totalBytes: number | null): void =>
      options.onProgress?.({ id: backbone.id, file, receivedBytes, totalBytes });
    const context = { backbone, signal: options.signal };
    const model = await fetchFile(url, join(staging, 'model.json'), context, (bytes) =>
      report('model.json', bytes, null),
    );
    checkKnown(backbone, 'model.json', model);
    const { files, groupBytes } = weightFiles(backbone, model.text ?? '');
    const totalBytes = model.bytes + groupBytes.reduce((sum, bytes) => sum + bytes, 0);
    let received = model.bytes;
    const receivedByGroup = groupBytes.map(() => 0);
    for (const file of files) {
      const before = received;
      const fetched = await fetchFile(
        new URL(file.path, url).href,
        join(staging, file.path),
        context,
        (bytes) => report(file.path, before + bytes, totalBytes),
      );
      checkKnown(backbone, file.path, fetched);
      received += fetched.bytes;
      receivedByGroup[file.group]! += fetched.bytes;
    }
    groupBytes.forEach((expected, group) => {
      if (receivedByGroup[group] !== expected)
        throw refused(
          backbone,
          `its weight files hold ${receivedByGroup[group]} bytes where model.json describes ${expected}.`,
        );
    });
    await writeFile(
      join(staging, 'backbone.json'),
      `${JSON.stringify(backboneManifest(backbone), null, 2)}\n`,
    );
    await readBackboneFolder(staging).catch((error: unknown) => {
      throw refused(backbone, error instanceof Error ? error.message : String(error));
    });
    const directory = join(options.backbonesDir, backbone.id);
    await installFolder(staging, directory);
    return directory;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
