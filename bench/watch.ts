/**
 * `npm run bench -- watch [--runs N] [--epochs N] [--per-class N] [--backend auto|wasm|cpu]`:
 * training throughput with live filters + feature maps (and their snapshots) at the default rate
 * against the same training with them off, alternating off/on runs in one process on the built-in
 * sample dataset. Throughput is wall time inside epochs (between the first and last progress
 * event of each epoch, as the host receives them), so the visuals' cost is counted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BackendRequest, TrainingEvent } from '../app/engine/common/training.js';
import { defaultLiveIntervalMs } from '../app/engine/common/visuals.js';
import { writeSample } from '../app/images/node/sample.js';
import { ForkEngineHost } from '../app/engine/node/fork-engine-host.js';
import type { Services } from '../app/services/node/services.js';
import { openServices } from '../app/services/node/services.js';

function option(args: readonly string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return (at >= 0 ? args[at + 1] : undefined) ?? fallback;
}

interface Measured {
  readonly imagesPerSecond: number;
  readonly frames: number;
  readonly stored: number;
  readonly storedBytes: number;
}

async function measure(
  services: Services,
  datasetId: number,
  epochs: number,
  isVisual: boolean,
): Promise<Measured> {
  const epochSpans = new Map<
    number,
    { firstAt: number; firstStep: number; lastAt: number; lastStep: number }
  >();
  let batchSize = 32;
  let frames = 0;
  const stop = services.events.listen((name, payload) => {
    if (name === 'training.visuals') frames += 1;
    if (name !== 'training.event') return;
    const event = (payload as { event: TrainingEvent }).event;
    if (event.kind !== 'progress') return;
    const now = performance.now();
    const span = epochSpans.get(event.epoch);
    if (!span)
      epochSpans.set(event.epoch, {
        firstAt: now,
        firstStep: event.step,
        lastAt: now,
        lastStep: event.step,
      });
    else Object.assign(span, { lastAt: now, lastStep: event.step });
  });
  try {
    const { runId, done } = services.training.start({
      datasetId,
      config: { epochs, patience: 0 },
      visuals: isVisual,
    });
    batchSize = services.training.detail(runId).config.batchSize;
    await done;
    let images = 0;
    let ms = 0;
    for (const span of epochSpans.values()) {
      images += (span.lastStep - span.firstStep) * batchSize;
      ms += span.lastAt - span.firstAt;
    }
    return {
      imagesPerSecond: ms > 0 ? (images * 1000) / ms : 0,
      frames,
      stored: services.watch.list(runId).length,
      storedBytes: services.watch.storedBytes(runId),
    };
  } finally {
    stop();
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

export default async function bench(args: string[]): Promise<Record<string, unknown>> {
  const runs = Number(option(args, '--runs', '2'));
  const epochs = Number(option(args, '--epochs', '2'));
  const perClass = Number(option(args, '--per-class', '200'));
  const backend = option(args, '--backend', 'auto') as BackendRequest;
  const dir = await mkdtemp(join(tmpdir(), 'fovea-bench-watch-'));
  const engine = resolve(import.meta.dirname, '../dist/engine.js');
  const services = await openServices({
    libraryDir: join(dir, 'library'),
    mode: 'cli',
    version: 'bench',
    createEngineHost: () => new ForkEngineHost(engine, { backend }),
  });
  try {
    await writeSample(join(dir, 'sample'), { perClass, seed: 1 });
    const dataset = services.stores.datasets.createDataset('sample');
    await (
      await services.imports.start({ datasetId: dataset.id, paths: [join(dir, 'sample')] })
    ).done;
    // A first short run warms the engine (backend, kernels) so neither side pays for it.
    await measure(services, dataset.id, 1, false);
    const off: Measured[] = [];
    const on: Measured[] = [];
    for (let i = 0; i < runs; i++) {
      off.push(await measure(services, dataset.id, epochs, false));
      on.push(await measure(services, dataset.id, epochs, true));
    }
    const offRate = median(off.map((m) => m.imagesPerSecond));
    const onRate = median(on.map((m) => m.imagesPerSecond));
    return {
      backend: services.training.list(dataset.id)[0]?.backend ?? null,
      images: perClass * 2,
      epochs,
      runsEach: runs,
      liveIntervalMs: defaultLiveIntervalMs,
      imagesPerSecondOff: Math.round(offRate * 10) / 10,
      imagesPerSecondOn: Math.round(onRate * 10) / 10,
      ratio: Math.round((onRate / offRate) * 1000) / 1000,
      costPercent: Math.round((1 - onRate / offRate) * 1000) / 10,
      target: { maxCostPercent: 5 },
      meetsTarget: onRate >= 0.95 * offRate,
      framesPerRun: on.map((m) => m.frames),
      snapshotsPerRun: on.map((m) => m.stored),
      snapshotBytesPerRun: on.map((m) => m.storedBytes),
      off: off.map((m) => Math.round(m.imagesPerSecond * 10) / 10),
      on: on.map((m) => Math.round(m.imagesPerSecond * 10) / 10),
    };
  } finally {
    await services.close();
    await rm(dir, { recursive: true, force: true });
  }
}
