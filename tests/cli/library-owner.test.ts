/**
 * One owner per library, with real processes on a real library: `fovea train` in a child owns
 * it; other `fovea` processes read beside it, refuse to write, and never tidy what it uses.
 */
import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeSample } from '../../app/images/node/sample.js';
import { queryLibrary } from '../support/library-db.js';

const cli = resolve(import.meta.dirname, '../../bin/fovea.js');

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function fovea(...args: string[]): Promise<Outcome> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

function runStatuses(library: string): string[] {
  if (!existsSync(join(library, 'fovea.db'))) return [];
  try {
    return queryLibrary<{ status: string }>(library, 'SELECT status FROM runs').map(
      (r) => r.status,
    );
  } catch {
    return [];
  }
}

describe.skipIf(process.platform === 'win32')('a library another process trains on', () => {
  const folders: string[] = [];
  let library: string;
  let trainer: ChildProcess;
  let exited: Promise<unknown>;
  const upload = () => join(library, 'uploads', '0123456789abcdef', 'cat', 'a.png');
  const download = () => join(library, 'exports', '0123456789abcdef.tar');

  beforeAll(async () => {
    const source = mkdtempSync(join(tmpdir(), 'fovea-owner-src-'));
    library = mkdtempSync(join(tmpdir(), 'fovea-owner-lib-'));
    folders.push(source, library);
    await writeSample(source, { perClass: 12 });
    const imported = await fovea('import', '--library', library, '--dataset', 'pets', source);
    expect(imported.code, imported.stderr).toBe(0);
    trainer = spawn(
      process.execPath,
      [
        cli,
        'train',
        '--library',
        library,
        '--dataset',
        'pets',
        '--preset',
        'mlp',
        '--epochs',
        '1000',
        '--backend',
        'cpu',
      ],
      { stdio: 'ignore' },
    );
    exited = new Promise((done) => trainer.once('exit', done));
    await vi.waitFor(() => expect(runStatuses(library)).toEqual(['training']), {
      timeout: 120_000,
      interval: 100,
    });
    // What the owner has in flight: a web upload and a finished download.
    mkdirSync(join(upload(), '..'), { recursive: true });
    writeFileSync(upload(), 'pending upload');
    mkdirSync(join(download(), '..'), { recursive: true });
    writeFileSync(download(), 'finished export');
  }, 180_000);

  afterAll(async () => {
    trainer.kill('SIGKILL');
    await exited;
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('lists datasets read-only meanwhile, and leaves the run, uploads and exports alone', async () => {
    const listed = await fovea('datasets', 'list', '--library', library, '--json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ name: 'pets' })]);
    expect(runStatuses(library)).toEqual(['training']);
    expect(existsSync(upload())).toBe(true);
    expect(existsSync(download())).toBe(true);
  });

  it('refuses a writing command in one line that names the owner, and exits non-zero', async () => {
    const refused = await fovea('datasets', 'create', 'other', '--library', library);
    expect(refused.code).toBe(1);
    const lines = refused.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `in use by \`fovea train\` \\(pid ${trainer.pid}\\) since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d`,
      ),
    );
    expect(runStatuses(library)).toEqual(['training']);
    expect(existsSync(upload())).toBe(true);
    expect(existsSync(download())).toBe(true);
  });

  it('refuses bad arguments with exit 2 before touching the library', async () => {
    const tooMany = await fovea(
      'train',
      '--library',
      library,
      '--dataset',
      'pets',
      '--epochs',
      '1e12',
    );
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/--epochs "1e12" is refused/);
    const fresh = mkdtempSync(join(tmpdir(), 'fovea-owner-fresh-'));
    folders.push(fresh);
    const mistyped = await fovea('frobnicate', '--library', fresh);
    expect(mistyped.code).toBe(2);
    const reading = await fovea('datasets', 'list', '--library', fresh);
    expect(reading.code).toBe(1);
    expect(reading.stderr).toMatch(/There is no library at/);
    expect(readdirSync(fresh)).toEqual([]);
  });

  it('takes over the lock once the owner is killed, and then recovers its run', async () => {
    trainer.kill('SIGKILL');
    await exited;
    expect(runStatuses(library)).toEqual(['training']);
    const created = await fovea('datasets', 'create', 'other', '--library', library);
    expect(created.code, created.stderr).toBe(0);
    expect(runStatuses(library)).toEqual(['interrupted']);
    expect(existsSync(upload())).toBe(false);
    expect(existsSync(join(library, 'fovea.lock'))).toBe(false);
  });
});
