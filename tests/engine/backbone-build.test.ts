import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { backboneManifest, mobileNetV2 } from '../../app/engine/common/backbones.js';

const root = new URL('../..', import.meta.url).pathname;
const hasNsfwjs = existsSync(join(root, 'node_modules/nsfwjs/dist/models/mobilenet_v2'));

describe.skipIf(!hasNsfwjs)('scripts/build-backbones.js', () => {
  let work = '';
  let folder = '';

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'fovea-backbones-'));
    execFileSync(process.execPath, [join(root, 'scripts/build-backbones.js'), '--out', work]);
    folder = join(work, 'mobilenet-v2');
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('writes a plain Layers model.json whose manifest names a binary shard beside it', () => {
    const model = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as {
      format: string;
      weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[];
    };
    expect(model.format).toBe('layers-model');
    const paths = model.weightsManifest.flatMap((group) => group.paths);
    expect(paths).toEqual(['group1-shard1of1.bin']);
    // uint8-quantized: one byte per weight.
    const weights = model.weightsManifest
      .flatMap((group) => group.weights)
      .reduce((sum, weight) => sum + weight.shape.reduce((a, b) => a * b, 1), 0);
    expect(weights).toBe(mobileNetV2.parameters);
    expect(statSync(join(folder, 'group1-shard1of1.bin')).size).toBe(weights);
  });

  it("writes backbone.json from the registry and carries both licences' notices", () => {
    const written: unknown = JSON.parse(readFileSync(join(folder, 'backbone.json'), 'utf8'));
    expect(written).toEqual(JSON.parse(JSON.stringify(backboneManifest(mobileNetV2))));
    const notice = readFileSync(join(folder, 'NOTICE.txt'), 'utf8');
    expect(notice).toMatch(/Copyright \(c\) 2019 Infinite Red/);
    expect(notice).toMatch(/Apache License, Version 2\.0/);
    expect(notice).toMatch(/retrained by nsfwjs/);
  });
});
