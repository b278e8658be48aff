import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSample } from '../../app/images/node/sample.js';
import { openServices } from '../../app/services/node/services.js';
import { queryLibrary } from '../support/library-db.js';

const cli = resolve(import.meta.dirname, '../../bin/fovea.js');

function importedSoFar(dbPath: string): number {
  if (!existsSync(dbPath)) return 0;
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT count(*) FROM images').pluck().get() as number;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

const total = 400;

/**
 * Starts `fovea import` in a child process and kills it mid-way: as soon as the first batch is in
 * the database the child is frozen (SIGSTOP takes effect at once, so it cannot go on between the
 * look and the kill), checked to be unfinished, then killed.
 */
async function killMidway(library: string, source: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [cli, 'import', '--library', library, '--dataset', 'pets', source],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const dbPath = join(library, 'fovea.db');
  try {
    await expect
      .poll(() => importedSoFar(dbPath), { timeout: 60_000, interval: 20 })
      .toBeGreaterThan(0);
    child.kill('SIGSTOP');
    expect(importedSoFar(dbPath)).toBeLessThan(total);
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

// SIGSTOP does not exist on Windows.
describe.skipIf(process.platform === 'win32')('an import killed with SIGKILL', () => {
  const folders: string[] = [];

  afterEach(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
    folders.length = 0;
  });

  it('leaves a library that opens, with every image whole, and can simply be run again', async () => {
    const source = await mkdtemp(join(tmpdir(), 'fovea-kill-src-'));
    const library = await mkdtemp(join(tmpdir(), 'fovea-kill-lib-'));
    folders.push(source, library);
    await writeSample(source, { perClass: total / 2 });
    await killMidway(library, source);

    const services = await openServices({ libraryDir: library, mode: 'cli', version: 'test' });
    try {
      const dataset = services.stores.datasets.findDatasetByName('pets');
      expect(dataset).toBeDefined();
      const before = dataset?.imageCount ?? 0;
      expect(before).toBeLessThan(total);
      const rows = queryLibrary<{ hash: string; thumbs: number; tensors: number }>(
        services.dir,
        'SELECT hash, (SELECT count(*) FROM thumbnails t WHERE t.image_id = i.id) AS thumbs, (SELECT count(*) FROM tensors t WHERE t.image_id = i.id) AS tensors FROM images i',
      );
      for (const row of rows) {
        expect(row).toMatchObject({ thumbs: 1, tensors: 1 });
        expect(existsSync(services.stores.blobs.path(row.hash))).toBe(true);
      }
      expect(services.imports.list(dataset?.id ?? 0)[0]?.status).toBe('interrupted');

      const { done } = await services.imports.start({
        datasetId: dataset?.id ?? 0,
        paths: [source],
      });
      const summary = await done;
      expect(summary).toMatchObject({
        status: 'completed',
        duplicates: before,
        classes: { cat: total / 2, dog: total / 2 },
      });
      expect(summary.imported + before).toBe(total);
    } finally {
      await services.close();
    }
  });
});
