import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { BackboneDownloadProgress } from '../../app/engine/common/backbone-choice.js';
import { imageNetMobileNetV2 } from '../../app/engine/common/downloadable-backbones.js';
import { readBackboneFolder } from '../../app/engine/node/backbone-folder.js';
import { EventHub } from '../../app/ipc/common/event-hub.js';
import { BackboneCatalog } from '../../app/services/node/backbone-catalog.js';
import { downloadBackbone } from '../../app/services/node/backbone-download.js';
import { BackbonesService } from '../../app/services/node/backbones-service.js';
import type { BackboneServer } from '../support/backbone-server.js';
import { bundledDir, closedUrl, startBackboneServer } from '../support/backbone-server.js';

const id = imageNetMobileNetV2.id;
const hasBundled = existsSync(join(bundledDir, 'mobilenet-v2', 'model.json'));
if (!hasBundled) console.warn('skipped: dist/backbones is not built (node scripts/build.js)');

describe.skipIf(!hasBundled)('downloading a backbone from a loopback server', () => {
  let library = '';
  let server: BackboneServer;
  let events: EventHub;
  let progress: BackboneDownloadProgress[];

  const service = (baseUrl: string) =>
    new BackbonesService({
      catalog: new BackboneCatalog({ bundledDir, libraryDir: join(library, 'backbones') }),
      events,
      baseUrl,
    });
  const folder = () => join(library, 'backbones', id);
  /** Everything under backbones/, hidden staging folders included. */
  const leftovers = () =>
    existsSync(join(library, 'backbones')) ? readdirSync(join(library, 'backbones')) : [];
  const availability = (backbones: BackbonesService) =>
    Object.fromEntries(backbones.list().map((choice) => [choice.id, choice.isAvailable]));

  beforeEach(async () => {
    library = mkdtempSync(join(tmpdir(), 'fovea-backbone-download-'));
    server = await startBackboneServer(id);
    events = new EventHub();
    progress = [];
    events.listen((name, payload) => {
      if (name === 'backbones.progress') progress.push(payload as BackboneDownloadProgress);
    });
  });

  afterEach(async () => {
    await server.close();
    rmSync(library, { recursive: true, force: true });
  });

  it('fetches model.json and every shard, checks them and keeps them for offline use', async () => {
    const backbones = service(server.url);
    expect(availability(backbones)).toMatchObject({ 'mobilenet-v2': true, [id]: false });
    const choice = await backbones.download(id);
    expect(choice).toMatchObject({ id, isAvailable: true, origin: 'download' });
    expect(server.requests).toEqual([
      `/${id}/model.json`,
      `/${id}/group1-shard1of2`,
      `/${id}/group1-shard2of2`,
    ]);
    for (const [name, bytes] of server.model.files)
      expect(readFileSync(join(folder(), name)).equals(bytes)).toBe(true);
    const manifest = JSON.parse(readFileSync(join(folder(), 'backbone.json'), 'utf8')) as object;
    expect(manifest).toMatchObject({ id, format: 'fovea-backbone', inputScaling: { min: -1 } });
    await expect(readBackboneFolder(folder())).resolves.toMatchObject({ directory: folder() });
    // The registry's feature layers are layers of the Keras MobileNetV2 topology served.
    const topology = JSON.parse(readFileSync(join(folder(), 'model.json'), 'utf8')) as {
      modelTopology: { model_config: { config: { layers: { name: string }[] } } };
    };
    const names = new Set(topology.modelTopology.model_config.config.layers.map((l) => l.name));
    expect(imageNetMobileNetV2.layers.filter((layer) => !names.has(layer.name))).toEqual([]);
    const total = server.model.files.get('model.json')!.length + server.model.weightBytes;
    expect(progress.at(-1)).toMatchObject({ id, receivedBytes: total, totalBytes: total });
    expect(leftovers()).toEqual([id]);

    await server.close();
    const offline = service(await closedUrl());
    expect(offline.resolve(id)).toEqual({ backbone: imageNetMobileNetV2, directory: folder() });
    expect(availability(offline)).toMatchObject({ [id]: true });
  });

  it('keeps nothing of a connection dropped mid-shard, says so, and a retry works', async () => {
    const backbones = service(server.url);
    server.faults.set('group1-shard2of2', 'drop');
    await expect(backbones.download(id)).rejects.toMatchObject({
      code: 'io',
      message: expect.stringMatching(
        /connection to 127\.0\.0\.1:\d+ dropped while downloading group1-shard2of2 .*Nothing was kept; try again/,
      ),
    });
    expect(leftovers()).toEqual([]);
    expect(availability(backbones)[id]).toBe(false);
    await expect(backbones.download(id)).resolves.toMatchObject({ isAvailable: true });
    expect(leftovers()).toEqual([id]);
  });

  it('refuses a truncated shard or model.json and keeps the copy it had', async () => {
    const backbones = service(server.url);
    server.faults.set('group1-shard1of2', 'truncate');
    await expect(backbones.download(id)).rejects.toMatchObject({
      message: expect.stringMatching(
        /refused: its weight files hold \d+ bytes where model\.json describes \d+/,
      ),
    });
    expect(leftovers()).toEqual([]);
    await backbones.download(id);
    server.faults.set('model.json', 'truncate');
    await expect(backbones.download(id)).rejects.toMatchObject({
      message: expect.stringMatching(/refused: its model\.json is not valid JSON/),
    });
    expect(leftovers()).toEqual([id]);
    await expect(readBackboneFolder(folder())).resolves.toBeTruthy();
  });

  it('refuses a file whose checksum differs from the published one', async () => {
    const shard = server.model.files.get('group1-shard1of2')!;
    const published = {
      ...imageNetMobileNetV2,
      download: {
        ...imageNetMobileNetV2.download!,
        files: [
          {
            path: 'group1-shard1of2',
            bytes: shard.length,
            sha256: createHash('sha256').update(shard).digest('hex'),
          },
        ],
      },
    };
    const backbonesDir = join(library, 'backbones');
    server.faults.set('group1-shard1of2', 'corrupt');
    await expect(
      downloadBackbone(published, { backbonesDir, baseUrl: server.url }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/group1-shard1of2 is not the published file/),
    });
    expect(leftovers()).toEqual([]);
    await expect(downloadBackbone(published, { backbonesDir, baseUrl: server.url })).resolves.toBe(
      folder(),
    );
  });

  it('offline: says the network is needed once and that the bundled one still works', async () => {
    const backbones = service(await closedUrl());
    await expect(backbones.download(id)).rejects.toMatchObject({
      code: 'io',
      message: expect.stringMatching(
        /Cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\) .*bundled MobileNetV2 \(mobilenet-v2\) needs no network/,
      ),
    });
    expect(leftovers()).toEqual([]);
    expect(availability(backbones)).toMatchObject({ 'mobilenet-v2': true, [id]: false });
    expect(() => backbones.resolve(id)).toThrow(/not downloaded yet: download it first/);
    expect(backbones.resolve('mobilenet-v2').directory).toBe(join(bundledDir, 'mobilenet-v2'));
  });

  it('cancels between chunks and keeps nothing', async () => {
    const backbones = service(server.url);
    const download = backbones.download(id, (report) => {
      if (report.file === 'group1-shard1of2') backbones.cancel(id);
    });
    await expect(download).rejects.toMatchObject({
      code: 'cancelled',
      message: expect.stringMatching(/was cancelled; nothing was kept/),
    });
    expect(leftovers()).toEqual([]);
    expect(() => backbones.cancel(id)).toThrow(/No download/);
  });

  it('refuses to download what is not downloadable', async () => {
    const backbones = service(server.url);
    await expect(backbones.download('mobilenet-v2')).rejects.toThrow(/is here already/);
    await expect(backbones.download('nope')).rejects.toThrow(/no backbone "nope" to download/);
  });
});
