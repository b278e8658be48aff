import { execFile } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { initBackend } from '../../app/engine/node/backend.js';

import { saveLayersFolder } from '../engine/backbone-fixtures.js';
import type { BackboneServer } from '../support/backbone-server.js';
import { closedUrl, startBackboneServer } from '../support/backbone-server.js';
import { temporaryFolders } from '../support/temp-folders.js';

const cli = resolve(import.meta.dirname, '../../bin/fovea.js');
const execute = promisify(execFile);
const temporaryFolder = temporaryFolders();
const id = 'mobilenet-v2-imagenet';

async function fovea(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const options = { env: { ...process.env, ...env } };
    const { stdout, stderr } = await execute(process.execPath, [cli, ...args], options);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** A small image network: two convolutions on 32×32, as a user might have trained. */
function tinyNetwork(): tf.LayersModel {
  const input = tf.input({ shape: [32, 32, 3] });
  const first = tf.layers
    .conv2d({ filters: 4, kernelSize: 3, strides: 2, activation: 'relu', name: 'first' })
    .apply(input) as tf.SymbolicTensor;
  const second = tf.layers
    .conv2d({ filters: 6, kernelSize: 3, strides: 2, activation: 'relu', name: 'second' })
    .apply(first) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: second });
}

describe('fovea backbones', () => {
  let server: BackboneServer;
  let library = '';
  let env: Record<string, string> = {};

  beforeAll(() => initBackend('cpu'));

  beforeEach(async () => {
    server = await startBackboneServer(id);
    library = temporaryFolder('fovea-cli-backbones-');
    env = { FOVEA_BACKBONE_BASE_URL: server.url };
  });

  afterEach(() => server.close());

  it('lists the bundled and downloadable backbones, and says which need a download', async () => {
    const listed = await fovea(env, 'backbones', 'list', '--library', library, '--json');
    expect(listed.code).toBe(0);
    expect(lines(listed.stdout)).toEqual([
      expect.objectContaining({ id: 'mobilenet-v2', isAvailable: true, origin: 'bundled' }),
      expect.objectContaining({ id, isAvailable: false, origin: 'download', inputSize: 224 }),
      expect.objectContaining({ id: 'mobilenet-v1-imagenet', isAvailable: false }),
    ]);
    const text = await fovea(env, 'backbones', 'list', '--library', library);
    expect(text.stdout).toMatch(
      /needs a download of about 9\.1 MB: fovea backbones download mobilenet-v2-imagenet/,
    );
    expect((await fovea(env, 'backbones', 'frobnicate')).code).toBe(2);
    expect((await fovea(env, 'backbones', 'download')).code).toBe(2);
  });

  it('downloads with progress on stderr, then lists it as here; offline it says why', async () => {
    const downloaded = await fovea(
      env,
      'backbones',
      'download',
      id,
      '--library',
      library,
      '--json',
    );
    expect(downloaded.code).toBe(0);
    expect(downloaded.stderr).toMatch(
      /downloading mobilenet-v2-imagenet: 100% \(2\.\d of 2\.\d MB\)/,
    );
    expect(lines(downloaded.stdout)).toEqual([expect.objectContaining({ id, isAvailable: true })]);
    expect(existsSync(join(library, 'backbones', id, 'model.json'))).toBe(true);

    const offline = { FOVEA_BACKBONE_BASE_URL: await closedUrl() };
    const again = await fovea(
      offline,
      'backbones',
      'download',
      'mobilenet-v1-imagenet',
      '--library',
      library,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/fovea: Cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    const listed = lines(
      (await fovea(offline, 'backbones', 'list', '--library', library, '--json')).stdout,
    );
    expect(listed.map((each) => [each['id'], each['isAvailable']])).toEqual([
      ['mobilenet-v2', true],
      [id, true],
      ['mobilenet-v1-imagenet', false],
    ]);
    expect(readdirSync(join(library, 'backbones'))).toEqual([id]);
  });

  it('adds a Layers model folder, refuses bad ones with a reason, and trains from it', async () => {
    const bad = temporaryFolder('fovea-cli-bad-backbone-');
    const refused = await fovea(env, 'backbones', 'add', bad, '--library', library);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not a usable backbone: it has no model\.json/);
    writeFileSync(join(bad, 'model.json'), '{"format": "graph-model", "modelTopology": {}}');
    expect((await fovea(env, 'backbones', 'add', bad, '--library', library)).stderr).toMatch(
      /graph model; Fovea needs a Layers model/,
    );

    const folder = join(temporaryFolder('fovea-cli-own-'), 'My Net');
    await saveLayersFolder(tinyNetwork(), folder);
    const added = await fovea(env, 'backbones', 'add', folder, '--library', library, '--json');
    expect(added.code).toBe(0);
    expect(lines(added.stdout)[0]).toMatchObject({
      id: 'my-net',
      origin: 'folder',
      inputSize: 32,
      isAvailable: true,
      layers: [
        { name: 'first', side: 15, channels: 4 },
        { name: 'second', side: 7, channels: 6 },
      ],
      defaultLayers: ['second'],
    });
    const twice = await fovea(env, 'backbones', 'add', folder, '--library', library);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/A backbone named my-net exists already/);

    const source = temporaryFolder('fovea-cli-drawings-');
    await execute(process.execPath, [cli, 'sample', source, '--per-class', '6']);
    await execute(process.execPath, [
      cli,
      'import',
      '--library',
      library,
      '--dataset',
      's',
      source,
    ]);
    const args = ['--library', library, '--dataset', 's', '--json', '--backend', 'cpu'];
    const trained = await fovea(env, 'train', ...args, '--from', 'my-net', '--epochs', '2');
    expect(trained.code).toBe(0);
    expect(lines(trained.stdout).at(-1)).toMatchObject({ status: 'completed', epochs: 2 });
    const missing = await fovea(env, 'train', ...args, '--from', 'resnet');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /There is no backbone "resnet"; the backbones are mobilenet-v2, .*my-net/,
    );
    const notDownloaded = await fovea(env, 'train', ...args, '--from', 'mobilenet-v1-imagenet');
    expect(notDownloaded.stderr).toMatch(/not downloaded yet: download it first/);
  }, 120_000);
});
