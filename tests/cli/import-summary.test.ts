/** `fovea import`'s closing line words its counts as the app does. */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSample } from '../../app/images/node/sample.js';
import { temporaryFolders } from '../support/temp-folders.js';

const cli = resolve(import.meta.dirname, '../../bin/fovea.js');

function fovea(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('fovea import', () => {
  const folder = temporaryFolders();

  it('counts refused files and other files apart, naming each kind', async () => {
    const source = folder('fovea-import-src-');
    await writeSample(source, { perClass: 2 });
    writeFileSync(join(source, 'cat', 'notes.txt'), 'not a photo');
    mkdirSync(join(source, 'dog'), { recursive: true });
    writeFileSync(join(source, 'dog', 'broken.jpg'), 'not a jpeg either');
    const library = folder('fovea-import-lib-');
    const result = await fovea('import', '--library', library, '--dataset', 'pets', source);
    expect(result.code, result.stderr).toBe(0);
    const [line] = result.stdout.split('\n');
    expect(line).toBe(
      'Import completed: 4 imported, 0 duplicates, 1 refused, 1 other files skipped (not an image type).',
    );
    expect(result.stdout).toMatch(/refused \S*dog\/broken\.jpg: This is not an image/);
  });
});
