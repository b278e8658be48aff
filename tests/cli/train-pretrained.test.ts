import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { temporaryFolders } from '../support/temp-folders.js';

const cli = resolve(import.meta.dirname, '../../bin/fovea.js');
const execute = promisify(execFile);
const temporaryFolder = temporaryFolders();

async function fovea(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execute(process.execPath, [cli, ...args]);
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

describe('fovea train --from mobilenet-v2', () => {
  it('lists the bundled backbone', async () => {
    const listed = await fovea('backbones', 'list', '--json');
    expect(listed.code).toBe(0);
    expect(lines(listed.stdout)).toEqual([
      expect.objectContaining({ id: 'mobilenet-v2', inputSize: 224, isInstalled: true }),
    ]);
    expect((await fovea('backbones', 'frobnicate')).code).toBe(2);
  });

  it('refuses an unknown backbone, and a preset or size beside one, before opening anything', async () => {
    const library = temporaryFolder('fovea-cli-pretrained-');
    const unknown = await fovea(
      'train',
      '--library',
      library,
      '--dataset',
      's',
      '--from',
      'resnet',
    );
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toMatch(/--from must be scratch or mobilenet-v2/);
    const withPreset = await fovea(
      'train',
      ...['--library', library, '--dataset', 's', '--from', 'mobilenet-v2', '--preset', 'mlp'],
    );
    expect(withPreset).toMatchObject({ code: 2 });
    expect(withPreset.stderr).toMatch(/leave out --preset and --size/);
    const badRecipe = await fovea(
      'train',
      ...['--library', library, '--dataset', 's', '--from', 'mobilenet-v2', '--hidden', 'ten'],
    );
    expect(badRecipe).toMatchObject({ code: 2 });
    expect(badRecipe.stderr).toMatch(/--hidden must be a whole number, not "ten"/);
  });

  it('embeds, trains a head, reports test accuracy, then reuses the cache', async () => {
    const library = temporaryFolder('fovea-cli-pretrained-');
    const source = temporaryFolder('fovea-cli-drawings-');
    await execute(process.execPath, [cli, 'sample', join(source, 'train'), '--per-class', '8']);
    await execute(process.execPath, [
      cli,
      'sample',
      join(source, 'test'),
      '--per-class',
      '4',
      '--seed',
      '2',
    ]);
    await execute(process.execPath, [
      cli,
      'import',
      '--library',
      library,
      '--dataset',
      's',
      source,
    ]);
    const args = ['--library', library, '--dataset', 's', '--from', 'mobilenet-v2', '--json'];
    const first = await fovea('train', ...args, '--epochs', '3', '--backend', 'cpu');
    expect(first.code).toBe(0);
    const output = lines(first.stdout);
    expect(output[0]).toMatchObject({ embedded: 0, total: 24, cached: 0 });
    expect(output).toContainEqual({ embedded: 24, total: 24, cached: 0 });
    expect(output.filter((line) => 'epoch' in line)).toHaveLength(3);
    const final = output.at(-1)!;
    expect(final).toMatchObject({ runId: 1, status: 'completed', epochs: 3 });
    expect(final['testAccuracy']).toEqual(expect.any(Number));

    const evaluated = await fovea('evaluate', '--library', library, '--run', '1', '--json');
    expect(evaluated.code).toBe(0);
    expect(JSON.parse(evaluated.stdout)).toMatchObject({ accuracy: final['testAccuracy'] });
    const photo = join(source, 'test', 'cat', readdirSync(join(source, 'test', 'cat'))[0]!);
    const predicted = await fovea('predict', '--library', library, '1', photo);
    expect(predicted.code).toBe(1);
    expect(predicted.stderr).toMatch(/not available yet/);

    const second = await fovea('train', ...args, '--epochs', '2', '--backend', 'cpu');
    expect(second.code).toBe(0);
    expect(lines(second.stdout)[0]).toMatchObject({ embedded: 24, total: 24, cached: 24 });
  }, 180_000);
});
