/**
 * Throughput of Fovea's per-image import work (read, SHA-256, decode once, 256 px JPEG thumbnail,
 * 64×64 RGB tensor, both written out as the peer does) beside Pillow doing the same work
 * (../shared/peers/ingest_pil.py) on the same 300 JPEGs of 500×375, in the same run. No SQLite:
 * the whole import is `npm run bench -- import`.
 *
 * Run: `npx tsx bench/image-process.ts [--in-flight N] [--rounds N]`.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importConcurrency } from '../app/images/node/import-threads.js';
import { configureSharpForImport, processImage } from '../app/images/node/process-image.js';
import { compare, runPeer } from './peers.js';

const jpegDir = join(tmpdir(), 'fovea-peers', 'jpegs');
const outDir = join(tmpdir(), 'fovea-peers', 'ingest-out-fovea');

async function ingestAll(files: readonly string[], inFlight: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let file = files[next++]; file !== undefined; file = files[next++]) {
      const image = await processImage(file);
      const base = join(outDir, basename(file, '.jpg'));
      await Promise.all([
        writeFile(`${base}.64.rgb`, image.tensor),
        writeFile(`${base}.thumb.jpg`, image.thumbnail),
      ]);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

function option(args: readonly string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** One timed pass over all files; returns images/s and the CPU cores this process used. */
async function timedPass(files: readonly string[], inFlight: number): Promise<[number, number]> {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await ingestAll(files, inFlight);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return [files.length / seconds, (cpu.user + cpu.system) / 1e6 / seconds];
}

/** Alternates Fovea and the peer `rounds` times (the machine is shared) and keeps medians. */
export default async function imageProcess(args: string[]): Promise<Record<string, unknown>> {
  const inFlight = option(args, '--in-flight', importConcurrency(availableParallelism()));
  const rounds = option(args, '--rounds', 3);
  await runPeer('make_jpegs.py', ['--out', jpegDir]).catch(() => undefined); // prints no JSON
  await mkdir(outDir, { recursive: true });
  configureSharpForImport();
  const files = (await readdir(jpegDir))
    .filter((name) => name.endsWith('.jpg'))
    .sort()
    .map((name) => join(jpegDir, name));
  await ingestAll(files.slice(0, 20), inFlight); // warm-up, as the peer does
  const fovea: number[] = [];
  const cores: number[] = [];
  const peer: Record<string, unknown>[] = [];
  for (let round = 0; round < rounds; round++) {
    const [imagesPerSecond, ownCores] = await timedPass(files, inFlight);
    fovea.push(imagesPerSecond);
    cores.push(ownCores);
    peer.push(await runPeer('ingest_pil.py', ['--dir', jpegDir, '--concurrency', '2']));
  }
  const peerRates = peer.map((result) => Number(result['imgs_per_s']));
  // Per CPU-second of the process's own threads: steadier than images/s when others load the machine.
  const foveaPerCpu = fovea.map((rate, i) => rate / (cores[i] ?? Number.NaN));
  const peerPerCpu = peer.map((result, i) => (peerRates[i] ?? 0) / Number(result['own_cpu_cores']));
  return {
    images: files.length,
    inFlight,
    rounds,
    imagesPerSecond: compare(median(fovea), median(peerRates)),
    imagesPerCpuSecond: compare(median(foveaPerCpu), median(peerPerCpu)),
    foveaRuns: fovea,
    foveaCpuCores: cores,
    peerRuns: peerRates,
    peerOthersCores: peer.map((result) => result['others_cores']),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await imageProcess(process.argv.slice(2));
  process.stdout.write(`${JSON.stringify({ bench: 'image-process', ...result }, null, 2)}\n`);
}
