/**
 * `npm run bench -- import [--rounds N] [--rss-images N]`
 *
 * 1. Throughput: Fovea's whole import (scan, SHA-256, dedupe, decode, blob copy, thumbnail,
 *    64×64 tensor, SQLite) of 300 JPEGs of 500×375 made by ../shared/peers/make_jpegs.py, beside
 *    Pillow doing the per-image work (../shared/peers/ingest_pil.py --concurrency 2) on the same
 *    files, interleaved in the same run; the ratio comes only from rounds in which neither side
 *    saw more than 0.25 other cores busy (load-window.ts), else `comparable: false` and why.
 * 2. Memory: the peak RSS of `fovea import` (a separate process) importing N generated images
 *    (default 25,000).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { importConcurrency } from '../app/images/node/import-threads.js';
import { openServices } from '../app/services/node/services.js';
import type { Round } from './load-window.js';
import { importStages } from './import-stages.js';
import { compareRounds, measured, noiseReason } from './load-window.js';
import { ensurePeers, runPeer } from './peers.js';

const jpegDir = join(tmpdir(), 'fovea-peers', 'jpegs');
const repoRoot = resolve(import.meta.dirname, '..');

function option(args: readonly string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/**
 * Imports `paths` into a fresh library in this process; returns images/s over the whole import.
 * The library folder is left for the caller to remove once every round is done: a round that
 * followed the removal of the last one's ~600 files paid for it in the next import (ext4 without
 * a journal walks past recently freed inodes when it makes new ones, 0.1 ms more per file
 * measured), which is the bench's doing, not the import's.
 */
async function foveaImport(
  paths: string[],
  libraries: string[],
  concurrency?: number,
): Promise<{ imagesPerSecond: number; imported: number }> {
  const libraryDir = await mkdtemp(join(tmpdir(), 'fovea-bench-lib-'));
  libraries.push(libraryDir);
  const services = await openServices({
    libraryDir,
    mode: 'cli',
    version: 'bench',
    ...(concurrency === undefined ? {} : { importConcurrency: concurrency }),
  });
  try {
    const dataset = services.stores.datasets.createDataset('bench');
    const started = performance.now();
    const { done } = await services.imports.start({ datasetId: dataset.id, paths });
    const summary = await done;
    const seconds = (performance.now() - started) / 1000;
    return { imagesPerSecond: summary.imported / seconds, imported: summary.imported };
  } finally {
    await services.close();
  }
}

async function throughput(roundCount: number): Promise<Record<string, unknown>> {
  await ensurePeers();
  if (!existsSync(jpegDir) || (await readdir(jpegDir)).length < 300) await runPeer('make_jpegs.py');
  const files = (await readdir(jpegDir))
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .map((f) => join(jpegDir, f));
  const libraries: string[] = [];
  try {
    return await comparedRounds(files, roundCount, libraries);
  } finally {
    await Promise.all(libraries.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

async function comparedRounds(
  files: string[],
  roundCount: number,
  libraries: string[],
): Promise<Record<string, unknown>> {
  await foveaImport(files.slice(0, 20), libraries); // warm-up, as the peer does
  // Interleaved, so both sides see the same machine; each side's window says how busy the rest
  // of the machine was, and only rounds quiet on both sides count toward the ratio.
  const rounds: Round[] = [];
  const foveaLoads: number[] = [];
  const peerLoads: number[] = [];
  let peerLastRun: Record<string, unknown> | undefined;
  for (let round = 0; round < roundCount; round++) {
    const fovea = await measured(() => foveaImport(files, libraries));
    const peer = await runPeer('ingest_pil.py', ['--dir', jpegDir, '--concurrency', '2']);
    peerLastRun = peer;
    foveaLoads.push(fovea.load.othersCores);
    peerLoads.push(Number(peer['others_cores'] ?? Number.POSITIVE_INFINITY));
    rounds.push({
      fovea: fovea.value.imagesPerSecond,
      peer: Number(peer['imgs_per_s'] ?? Number.NaN),
      noise: noiseReason([
        { name: 'Fovea', othersCores: fovea.load.othersCores },
        { name: 'Pillow', othersCores: peerLoads.at(-1)! },
      ]),
    });
  }
  const compared = compareRounds(rounds);
  const sample = files.slice(0, 100);
  const oneInFlight = await foveaImport(sample, libraries, 1);
  return {
    images: files.length,
    stages: await importStages(sample, 1000 / oneInFlight.imagesPerSecond),
    images_per_second: compared,
    meetsTarget: compared['comparable'] === true ? Number(compared['ratio']) >= 1 : null,
    target_ratio: 1,
    fovea_others_cores: foveaLoads.map((cores) => Number(cores.toFixed(2))),
    peer_others_cores: peerLoads.map((cores) => Number(cores.toFixed(2))),
    // Images in flight in Fovea's import (openServices' default), not the core count.
    foveaConcurrency: importConcurrency(availableParallelism()),
    peerLastRun,
  };
}

/** Writes `count` small, distinct JPEGs into class folders, a few hundred per second. */
async function generateImages(dir: string, count: number): Promise<void> {
  const size = 96;
  for (let start = 0; start < count; start += 64) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + 64); i++) {
      const folder = join(dir, `class${i % 4}`);
      const pixels = Buffer.alloc(size * size * 3);
      for (let p = 0; p < pixels.length; p++) pixels[p] = (p * 7 + i * 13 + ((p * i) % 251)) & 255;
      batch.push(
        mkdir(folder, { recursive: true }).then(() =>
          sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
            .jpeg({ quality: 80 })
            .toFile(join(folder, `img_${i}.jpg`)),
        ),
      );
    }
    await Promise.all(batch);
  }
}

async function vmHwmKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function peakRss(count: number): Promise<Record<string, unknown>> {
  const source = await mkdtemp(join(tmpdir(), 'fovea-bench-rss-src-'));
  const library = await mkdtemp(join(tmpdir(), 'fovea-bench-rss-lib-'));
  try {
    await generateImages(source, count);
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, 'bin/fovea.js'),
        'import',
        '--library',
        library,
        '--dataset',
        'rss',
        '--json',
        source,
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let peakKb = 0;
    const poll = setInterval(() => {
      if (child.pid) void vmHwmKb(child.pid).then((kb) => (peakKb = Math.max(peakKb, kb)));
    }, 100);
    await new Promise((r) => child.once('exit', r));
    clearInterval(poll);
    const summary = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { imported?: number };
    const seconds = (performance.now() - started) / 1000;
    return {
      images: count,
      imported: summary.imported,
      peakRssMB: Math.round(peakKb / 1024),
      limitMB: 500,
      meetsTarget: peakKb / 1024 < 500,
      seconds: Math.round(seconds),
      imagesPerSecond: (summary.imported ?? 0) / seconds,
    };
  } finally {
    await rm(source, { recursive: true, force: true });
    await rm(library, { recursive: true, force: true });
  }
}

export default async function bench(args: string[]): Promise<Record<string, unknown>> {
  // Seven rounds: on a shared host either side's rate moves by ±20% from one round to the next
  // with nothing else running in the VM, and the ratio is the median of the rounds' ratios.
  const rounds = option(args, '--rounds', 7);
  const rssImages = option(args, '--rss-images', 25_000);
  return {
    throughput: await throughput(rounds),
    peakRss: rssImages > 0 ? await peakRss(rssImages) : 'skipped',
  };
}
