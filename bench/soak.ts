/**
 * `npm run bench -- soak [--images N] [--skip-train] [--skip-pretrained] [--minutes M]`
 *
 * Fovea at scale, as the page drives it: `fovea serve` on a fresh library; N generated JPEGs of
 * varied sizes (default 25,000) uploaded and imported; one epoch of the default model at 64×64;
 * then one pretrained-head run (`from: 'mobilenet-v2'`, which embeds every image at 224×224 —
 * the longest phase at 25,000 images). Reports per phase the peak RSS of every process (the
 * services process and its engine child; exact, see process-memory.ts) and how responsive the
 * services stayed: round trips of `app.info` and `datasets.list` every 100 ms, p50/p99/max.
 * The full default must finish within 30 minutes on the 2-core machine (`--minutes`, default 30,
 * ends a phase that overruns and says so); `--images 2000` is a quick check.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uploadChunkBytes } from '../app/library/common/upload-limits.js';
import type { PhaseMemory } from './process-memory.js';
import { TreeMemory } from './process-memory.js';
import type { ServeClient } from './serve-client.js';
import { startServeClient } from './serve-client.js';
import { generateImages } from './soak-images.js';

const rssLimitMB = 500;
const terminalStates = new Set(['completed', 'failed', 'stopped']);

function option(args: readonly string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function percentile(sorted: readonly number[], p: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return Number((value ?? Number.NaN).toFixed(1));
}

function summarize(times: readonly number[]): Record<string, number> {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    calls: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: Number((sorted.at(-1) ?? Number.NaN).toFixed(1)),
  };
}

/** Times cheap calls every 100 ms until `work` settles; returns its value and the round trips. */
async function pingDuring<T>(
  client: ServeClient,
  work: Promise<T>,
): Promise<{ value: T; roundTripMs: Record<string, Record<string, number>> }> {
  const times: Record<'app.info' | 'datasets.list', number[]> = {
    'app.info': [],
    'datasets.list': [],
  };
  let isDone = false;
  const settled = work.finally(() => (isDone = true));
  while (!isDone) {
    for (const method of ['app.info', 'datasets.list'] as const) {
      const started = performance.now();
      await client.call(method, []);
      times[method].push(performance.now() - started);
    }
    await Promise.race([settled.catch(() => {}), new Promise((r) => setTimeout(r, 100))]);
  }
  return {
    value: await settled,
    roundTripMs: {
      'app.info': summarize(times['app.info']),
      'datasets.list': summarize(times['datasets.list']),
    },
  };
}

/** The first event of `name` for which `pick` returns a value, or the deadline's refusal. */
function nextEvent<T>(
  client: ServeClient,
  name: string,
  pick: (payload: unknown) => T | undefined,
  deadline: number,
): Promise<T> {
  return new Promise<T>((resolveEvent, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`still running after the time limit (${name})`));
    }, deadline - performance.now());
    const stop = client.onEvent((event, payload) => {
      const picked = event === name ? pick(payload) : undefined;
      if (picked === undefined) return;
      clearTimeout(timer);
      stop();
      resolveEvent(picked);
    });
  });
}

async function upload(client: ServeClient, count: number): Promise<string> {
  const { uploadId } = await client.call<{ uploadId: string }>('uploads.begin', []);
  for await (const group of generateImages(count, uploadChunkBytes / 2))
    await client.call('uploads.add', [uploadId, group]);
  return uploadId;
}

interface Phase {
  readonly seconds: number;
  readonly memory: PhaseMemory;
  readonly [key: string]: unknown;
}

async function runPhase(
  memory: TreeMemory,
  work: () => Promise<Record<string, unknown>>,
): Promise<Phase> {
  const started = performance.now();
  let outcome: Record<string, unknown>;
  try {
    outcome = await work();
  } catch (error) {
    outcome = { error: error instanceof Error ? error.message : String(error) };
  }
  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  return { seconds, ...outcome, memory: memory.phase() };
}

/** Starts a run and waits for its end, pinging meanwhile. */
async function train(
  client: ServeClient,
  options: Record<string, unknown>,
  deadline: number,
): Promise<Record<string, unknown>> {
  let embedded: unknown = null;
  const stopEmbedding = client.onEvent((event, payload) => {
    if (event === 'training.embedding') embedded = payload;
  });
  try {
    const { runId } = await client.call<{ runId: string | number }>('training.start', [options]);
    type RunEnd = { state: string; message?: string };
    const end = nextEvent<RunEnd>(
      client,
      'training.event',
      (payload) => {
        const { runId: id, event } = payload as {
          runId: unknown;
          event: RunEnd & { kind: string };
        };
        return id === runId && event.kind === 'state' && terminalStates.has(event.state)
          ? event
          : undefined;
      },
      deadline,
    );
    // The end event comes from the engine; the run's row (and a pretrained run's whole network)
    // is saved after it, so the phase lasts until runs.get says the run is over.
    const { value, roundTripMs } = await pingDuring(
      client,
      end.then(async (event) => {
        await settledRun(client, runId, deadline);
        return event;
      }),
    );
    const run = await client.call<Record<string, unknown>>('runs.get', [runId]);
    return { state: value.state, message: value.message, embedded, run: pickRun(run), roundTripMs };
  } finally {
    stopEmbedding();
  }
}

/** Waits until the run's stored status is terminal (polled: the row changes after the event). */
async function settledRun(client: ServeClient, runId: string | number, deadline: number) {
  for (;;) {
    const run = await client.call<{ status?: string }>('runs.get', [runId]);
    if (terminalStates.has(run.status ?? '')) return;
    if (performance.now() > deadline)
      throw new Error(`still running after the time limit (run ${runId} is ${run.status})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** What a run's summary says about it, without its metric series. */
function pickRun(detail: Record<string, unknown>): Record<string, unknown> {
  const keys = ['status', 'modelName', 'inputSize', 'trainCount', 'epochsRun', 'imagesPerSecond'];
  return Object.fromEntries(
    [...keys, 'valAccuracy', 'testAccuracy'].map((key) => [key, detail[key] ?? null]),
  );
}

export default async function bench(args: string[]): Promise<Record<string, unknown>> {
  const images = option(args, '--images', 25_000);
  const minutes = option(args, '--minutes', 30);
  const started = performance.now();
  const deadline = started + minutes * 60_000;
  const library = await mkdtemp(join(tmpdir(), 'fovea-bench-soak-'));
  const client = await startServeClient(library);
  const memory = new TreeMemory(client.pid);
  memory.phase(); // start-up is not a phase; reset the peaks
  try {
    const dataset = await client.call<{ id: number }>('datasets.create', ['soak']);
    let uploadId = '';
    const uploadPhase = await runPhase(memory, async () => {
      uploadId = await upload(client, images);
      return {};
    });
    const importPhase = await runPhase(memory, async () => {
      const { importId } = await client.call<{ importId: number }>('imports.start', [
        { datasetId: dataset.id, uploadId },
      ]);
      const finished = nextEvent(
        client,
        'import.finished',
        (payload) => ((payload as { id: number }).id === importId ? payload : undefined),
        deadline,
      );
      const started = performance.now();
      const { value, roundTripMs } = await pingDuring(client, finished);
      const summary = value as { status: string; imported: number; failed: unknown[] };
      const seconds = (performance.now() - started) / 1000;
      return {
        status: summary.status,
        imported: summary.imported,
        failed: summary.failed.length,
        imagesPerSecond: Number((summary.imported / seconds).toFixed(1)),
        roundTripMs,
      };
    });
    await client.call('splits.assign', [dataset.id, { train: 80, val: 10, test: 10 }, 1]);
    const trainPhase = args.includes('--skip-train')
      ? 'skipped (--skip-train)'
      : await runPhase(memory, () =>
          train(client, { datasetId: dataset.id, config: { epochs: 1 } }, deadline),
        );
    const pretrainedPhase = args.includes('--skip-pretrained')
      ? 'skipped (--skip-pretrained)'
      : await runPhase(memory, () =>
          train(client, { datasetId: dataset.id, from: 'mobilenet-v2' }, deadline),
        );
    const importPeak = importPhase.memory.peakRssMB['services'] ?? Number.NaN;
    return {
      images,
      phases: {
        upload: uploadPhase,
        import: importPhase,
        train: trainPhase,
        pretrained: pretrainedPhase,
      },
      peakRssMB: memory.overall(),
      importServicesPeakRssMB: importPeak,
      limitMB: rssLimitMB,
      minutes: Number(((performance.now() - started) / 60_000).toFixed(1)),
      limitMinutes: minutes,
      meetsTarget: importPeak < rssLimitMB && performance.now() < deadline,
    };
  } finally {
    memory.stop();
    await client.close();
    await rm(library, { recursive: true, force: true });
  }
}
