/**
 * `npm run bench -- responsiveness [--seconds N]`: how fast the services answer while a run
 * trains. Starts `fovea serve` on a library with the built-in sample, starts training over the
 * WebSocket, and times `app.info` round trips every 100 ms; reports percentiles against 100 ms.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame } from '../app/ipc/common/wire.js';

const run = promisify(execFile);
const cli = resolve(import.meta.dirname, '../bin/fovea.js');

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export default async function bench(args: string[]): Promise<Record<string, unknown>> {
  const at = args.indexOf('--seconds');
  const seconds = at >= 0 ? Number(args[at + 1]) : 20;
  const source = await mkdtemp(join(tmpdir(), 'fovea-bench-rt-src-'));
  const library = await mkdtemp(join(tmpdir(), 'fovea-bench-rt-lib-'));
  await run(process.execPath, [cli, 'sample', source, '--per-class', '150']);
  await run(process.execPath, [cli, 'import', '--library', library, '--dataset', 'sample', source]);
  const server = spawn(
    process.execPath,
    [cli, 'serve', '--library', library, '--port', '0', '--no-sample'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const url = await new Promise<URL>((resolvePromise) => {
      let output = '';
      server.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
        if (match?.[1]) resolvePromise(new URL(match[1]));
      });
    });
    const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token') ?? ''}`);
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const pending = new Map<number, (value: unknown) => void>();
    let backend = '';
    ws.on('message', (data: Buffer) => {
      const message = decodeFrame(new Uint8Array(data)) as {
        id?: number;
        result?: unknown;
        event?: string;
        payload?: { event?: { kind?: string; backend?: string } };
      };
      if (typeof message.id === 'number') pending.get(message.id)?.(message.result);
      if (message.payload?.event?.kind === 'progress')
        backend = message.payload.event.backend ?? backend;
    });
    let nextId = 1;
    const call = (method: string, callArgs: unknown[]): Promise<unknown> => {
      const id = nextId++;
      return new Promise((r) => {
        pending.set(id, r);
        ws.send(encodeFrame({ id, method, args: callArgs }));
      });
    };
    const started = (await call('training.start', [{ datasetId: 1, config: { epochs: 100 } }])) as {
      value: { runId: number };
    };
    const runId = started.value.runId;
    await new Promise((r) => setTimeout(r, 3000)); // past the engine's start-up
    const times: number[] = [];
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end) {
      const t0 = performance.now();
      await call('app.info', []);
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
    await call('training.stop', [runId]);
    ws.close();
    const sorted = [...times].sort((a, b) => a - b);
    return {
      calls: times.length,
      backend,
      roundTripMs: {
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: sorted.at(-1),
      },
      targetMs: 100,
      meetsTarget: (sorted.at(-1) ?? Infinity) < 100,
    };
  } finally {
    server.kill('SIGTERM');
    await rm(source, { recursive: true, force: true });
    await rm(library, { recursive: true, force: true });
  }
}
