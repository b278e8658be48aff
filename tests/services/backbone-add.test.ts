import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { FoveaError } from '../../app/base/common/errors.js';
import type { BackboneShape } from '../../app/engine/common/model-tasks.js';
import { BackboneCatalog } from '../../app/services/node/backbone-catalog.js';
import { idFromFolder } from '../../app/services/node/backbone-folder-add.js';
import { BackbonesService } from '../../app/services/node/backbones-service.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();

/** A folder that passes the file checks: model.json naming one 8-byte weight file. */
function layersFolder(parent: string, name: string): string {
  const folder = join(parent, name);
  mkdirSync(folder, { recursive: true });
  const weights = [{ name: 'conv/kernel', shape: [2], dtype: 'float32' }];
  writeFileSync(
    join(folder, 'model.json'),
    JSON.stringify({
      format: 'layers-model',
      modelTopology: {},
      weightsManifest: [{ paths: ['w.bin'], weights }],
    }),
  );
  writeFileSync(join(folder, 'w.bin'), Buffer.alloc(8));
  return folder;
}

const shape: BackboneShape = {
  inputSize: 32,
  layers: [
    { name: 'first', side: 15, channels: 4 },
    { name: 'second', side: 7, channels: 6 },
  ],
  parameters: 400,
};

function setup(inspect: (directory: string) => Promise<BackboneShape>) {
  const work = temporaryFolder('fovea-backbone-add-');
  const libraryDir = join(work, 'library', 'backbones');
  const service = new BackbonesService({ catalog: new BackboneCatalog({ libraryDir }), inspect });
  const leftovers = () => (existsSync(libraryDir) ? readdirSync(libraryDir) : []);
  return { work, libraryDir, service, leftovers };
}

describe("adding a user's own backbone", () => {
  it('copies the folder into the library with what the engine found, and lists it', async () => {
    const inspected: string[] = [];
    const { work, libraryDir, service, leftovers } = setup((directory) => {
      inspected.push(directory);
      return Promise.resolve(shape);
    });
    const source = layersFolder(work, 'My Net (2)');
    const choice = await service.add(source);
    expect(choice).toMatchObject({
      id: 'my-net-2',
      origin: 'folder',
      inputSize: 32,
      defaultLayers: ['second'],
      isAvailable: true,
    });
    // The engine looked at the copy, not the user's folder.
    expect(inspected[0]).not.toBe(source);
    rmSync(source, { recursive: true });
    expect(service.resolve('my-net-2')).toMatchObject({
      directory: join(libraryDir, 'my-net-2'),
      backbone: { inputScaling: { min: 0, max: 1 }, layers: shape.layers },
    });
    expect(readdirSync(join(libraryDir, 'my-net-2')).sort()).toEqual([
      'backbone.json',
      'model.json',
      'w.bin',
    ]);
    expect(service.list().map((each) => each.id)).toContain('my-net-2');
    expect(leftovers()).toEqual(['my-net-2']);
  });

  it('refuses a folder the engine cannot use, keeping nothing', async () => {
    let answer: () => Promise<BackboneShape> = () =>
      Promise.reject(
        new FoveaError(
          'invalid_argument',
          'x is not a usable backbone: TensorFlow.js cannot build it (bad layer).',
        ),
      );
    const { work, service, leftovers } = setup(() => answer());
    const source = layersFolder(work, 'broken');
    await expect(service.add(source)).rejects.toThrow(/TensorFlow\.js cannot build it/);
    expect(leftovers()).toEqual([]);
    answer = () => Promise.resolve({ ...shape, layers: [] });
    await expect(service.add(source)).rejects.toThrow(
      /none of its layers has an image-shaped output/,
    );
    expect(leftovers()).toEqual([]);
  });

  it('refuses names that are taken or unusable', async () => {
    const { work, service } = setup(() => Promise.resolve(shape));
    const source = layersFolder(work, 'net');
    await expect(service.add(source, 'mobilenet-v2')).rejects.toThrow(/exists already/);
    await expect(service.add(source, 'mlp')).rejects.toThrow(/names one of Fovea's networks/);
    await expect(service.add(source, 'Bad Name')).rejects.toThrow(/cannot name a backbone/);
    await service.add(source);
    await expect(service.add(source)).rejects.toThrow(/A backbone named net exists already/);
    expect(idFromFolder('/x/__Weird  Name!!')).toBe('weird-name');
  });
});
