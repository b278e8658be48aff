/** Each way a library can be unusable gets one line that names the path and what to do. */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../app/cli/node/cli-io.js';
import { runCli } from '../../app/cli/node/main.js';
import { writeSample } from '../../app/images/node/sample.js';
import { databaseError } from '../../app/library/node/library-problems.js';
import { openServices } from '../../app/services/node/services.js';

async function fovea(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = { out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Overwrites the first page of a filler table with garbage: quick_check finds it; the images stay readable. */
function damage(library: string): void {
  const path = join(library, 'fovea.db');
  const db = new Database(path);
  db.exec('CREATE TABLE filler (text TEXT)');
  const insert = db.prepare('INSERT INTO filler VALUES (?)');
  for (let i = 0; i < 200; i += 1) insert.run('x'.repeat(500));
  const root = db
    .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'filler'")
    .pluck()
    .get() as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const file = openSync(path, 'r+');
  writeSync(file, Buffer.alloc(pageSize, 0xab), 0, pageSize, (root - 1) * pageSize);
  closeSync(file);
}

describe('bad libraries', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'fovea-bad-'));
  });
  afterEach(() => {
    chmodSync(scratch, 0o755);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('a library path that is a file', async () => {
    const file = join(scratch, 'not-a-folder');
    writeFileSync(file, 'text');
    for (const args of [
      ['datasets', 'create', 'pets'],
      ['datasets', 'list'],
    ]) {
      const result = await fovea(...args, '--library', file);
      expect(result.code).toBe(2);
      expect(result.stderr).toEqual([
        `fovea: The library path ${file} is a file, not a folder. Choose a folder for the library with --library DIR (or FOVEA_LIBRARY).`,
      ]);
    }
  });

  it.skipIf(process.getuid?.() === 0)('a read-only library folder', async () => {
    const library = join(scratch, 'library');
    mkdirSync(library);
    chmodSync(library, 0o555);
    const result = await fovea('datasets', 'create', 'pets', '--library', library);
    expect(result.code).toBe(1);
    expect(result.stderr).toEqual([
      expect.stringMatching(/library folder .* is read-only: Fovea cannot write there/),
    ]);
  });

  it('says what SQLite means by read-only, full and not a database', () => {
    expect(databaseError('/L', { code: 'SQLITE_READONLY' })?.message).toMatch(/\/L is read-only/);
    expect(databaseError('/L', { code: 'SQLITE_CANTOPEN' })?.message).toMatch(/\/L is read-only/);
    expect(databaseError('/L', { code: 'SQLITE_FULL' })).toMatchObject({ code: 'disk_full' });
    expect(databaseError('/L', { code: 'EACCES' })).toBeUndefined();
  });

  it('a missing image for predict is refused before the library is opened; a folder is read', async () => {
    const library = join(scratch, 'library');
    const missing = await fovea('predict', '1', join(scratch, 'nope.jpg'), '--library', library);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toEqual([
      `fovea: ${join(scratch, 'nope.jpg')}: there is no such file or folder. Give image files or a folder of images.`,
    ]);
    // A folder is classified as a table (fovea predict RUN FOLDER); here there is no library to
    // read the run from, and reading never makes one.
    const folder = await fovea('predict', '1', scratch, '--library', library);
    expect(folder.code).not.toBe(0);
    expect(folder.stderr.join('\n')).toMatch(/no library/i);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('a file that is not a database', async () => {
    const library = join(scratch, 'library');
    mkdirSync(library);
    writeFileSync(join(library, 'fovea.db'), Buffer.alloc(8192, 0x41));
    for (const args of [
      ['datasets', 'list'],
      ['datasets', 'create', 'pets'],
    ]) {
      const result = await fovea(...args, '--library', library);
      expect(result.code).toBe(1);
      expect(result.stderr).toEqual([
        `fovea: ${join(library, 'fovea.db')} is not a Fovea database, or is damaged beyond reading. Move it aside (the library then starts empty) or restore it from a backup.`,
      ]);
    }
  });

  it('a damaged database opens read-only with a warning, refuses to train, and exports what it can read', async () => {
    const library = join(scratch, 'library');
    const source = join(scratch, 'source');
    await writeSample(source, { perClass: 4 });
    expect((await fovea('import', '--dataset', 'pets', source, '--library', library)).code).toBe(0);
    damage(library);

    const listed = await fovea('datasets', 'list', '--json', '--library', library);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout[0] ?? '')).toEqual([
      expect.objectContaining({ imageCount: 8 }),
    ]);
    expect(listed.stderr).toEqual([
      expect.stringMatching(
        /^fovea: warning: The library .* is damaged \(.+\); it is open read-only\. Save what can be read with `fovea export --format dataset`/,
      ),
    ]);

    const trained = await fovea('train', '--dataset', 'pets', '--library', library);
    expect(trained.code).toBe(1);
    expect(trained.stderr.at(-1)).toMatch(/is damaged .* Training is off\.$/);

    const created = await fovea('datasets', 'create', 'other', '--library', library);
    expect(created.code).toBe(1);
    expect(created.stderr.at(-1)).toMatch(/is damaged/);
    expect(created.stderr.at(-1)).not.toMatch(/SQLITE|readonly database/);

    const out = join(scratch, 'rescued');
    const exported = await fovea(
      'export',
      '--format',
      'dataset',
      '--dataset',
      'pets',
      '--out',
      out,
      '--library',
      library,
    );
    expect(exported.code, exported.stderr.join('\n')).toBe(0);
    expect(exported.stdout.join('\n')).toMatch(/8 images copied and checked/);

    // The app and web mode: app.info carries the damage (the renderer shows a banner).
    const services = await openServices({ libraryDir: library, mode: 'web', version: 'test' });
    try {
      expect((await services.handlers['app.info']()).damage).toMatch(/page/);
      const [dataset] = await services.handlers['datasets.list']();
      await expect(
        services.handlers['training.start']({ datasetId: dataset?.id ?? 0 }),
      ).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/Training is off/),
      });
      await expect(services.handlers['datasets.create']('other')).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/is damaged/),
      });
    } finally {
      await services.close();
    }
  });
});
