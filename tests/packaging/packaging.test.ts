/**
 * Packages the app offline the way a release does, minus Electron itself: electron-builder
 * `--dir --linux` with a stub `electronDist` (a folder holding a fake `electron` executable, which
 * electron-builder copies and renames instead of downloading Electron) and no native rebuild.
 * Then it reads what a user would get: the code in app.asar, the native modules unpacked beside
 * it, and the Node build of better-sqlite3 in node_modules untouched.
 */
import { extractFile, listPackage } from '@electron/asar';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sqliteBinary = join(
  root,
  'node_modules',
  'better-sqlite3',
  'build',
  'Release',
  'better_sqlite3.node',
);
const isLinuxX64 = process.platform === 'linux' && process.arch === 'x64';

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, CI: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.skipIf(!isLinuxX64)('packaging (electron-builder --dir, offline)', () => {
  let work: string;
  let resources: string;
  let asarPath: string;
  let sqliteBefore: string;

  beforeAll(async () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      main: string;
    };
    for (const built of [manifest.main, 'dist/main/preload.cjs', 'dist/renderer/index.html']) {
      if (!existsSync(join(root, built))) {
        throw new Error(
          `${built} is missing: package.json "main" must name the built main bundle, and dist/ must be built (npm test builds it).`,
        );
      }
    }
    work = mkdtempSync(join(tmpdir(), 'fovea-packaging-'));
    const electronDist = join(work, 'electron');
    mkdirSync(electronDist);
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "a stand-in for Electron"\n');
    chmodSync(join(electronDist, 'electron'), 0o755);
    sqliteBefore = sha256(sqliteBinary);

    const output = join(work, 'release');
    const builder = join(root, 'node_modules', 'electron-builder', 'cli.js');
    const result = await run(process.execPath, [
      builder,
      '--linux',
      '--dir',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
      '-c.npmRebuild=false',
    ]);
    if (result.code !== 0)
      throw new Error(`electron-builder failed (${String(result.code)}):\n${result.output}`);
    resources = join(output, 'linux-unpacked', 'resources');
    asarPath = join(resources, 'app.asar');
  }, 600_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('puts the built app into app.asar', () => {
    const files = new Set(
      listPackage(asarPath, { isPack: false }).map((file) => file.replaceAll('\\', '/')),
    );
    for (const file of [
      '/package.json',
      '/dist/main/index.js',
      '/dist/main/preload.cjs',
      '/dist/renderer/index.html',
      // The bundled pretrained backbone (scripts/build-backbones.js), with its licence notice.
      '/dist/backbones/mobilenet-v2/model.json',
      '/dist/backbones/mobilenet-v2/group1-shard1of1.bin',
      '/dist/backbones/mobilenet-v2/NOTICE.txt',
    ]) {
      expect(files, file).toContain(file);
    }
    expect([...files].filter((file) => file.startsWith('/dist/') && file.endsWith('.map'))).toEqual(
      [],
    );
    const packaged = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as {
      main: string;
    };
    expect(files).toContain(`/${packaged.main}`);
  });

  it('unpacks the native modules beside app.asar', () => {
    const unpacked = join(resources, 'app.asar.unpacked', 'node_modules');
    expect(
      existsSync(join(unpacked, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')),
    ).toBe(true);
    const sharpLib = join(unpacked, '@img', 'sharp-linux-x64', 'lib');
    expect(readdirSync(sharpLib).filter((name) => name.endsWith('.node'))).toHaveLength(1);
    expect(existsSync(join(unpacked, '@img', 'sharp-libvips-linux-x64'))).toBe(true);
  });

  it('neither rebuilds nor touches the Node build of better-sqlite3', () => {
    expect(sha256(sqliteBinary)).toBe(sqliteBefore);
    const packaged = join(
      resources,
      'app.asar.unpacked',
      'node_modules',
      'better-sqlite3',
      'build',
      'Release',
      'better_sqlite3.node',
    );
    expect(sha256(packaged)).toBe(sqliteBefore);
  });
});
