/**
 * `fovea serve` as the page sees it, for benches: starts the server on a library, connects its
 * WebSocket and calls contract methods through it, so every figure goes through the real
 * services process (and its engine child) the way the app's own calls do.
 */
import type { ChildProcessByStdio } from 'node:child_process';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame } from '../app/ipc/common/wire.js';

const cli = resolve(import.meta.dirname, '../bin/fovea.js');

interface Envelope {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: { code: string; message: string };
}

type EventListener = (event: string, payload: unknown) => void;

export interface ServeClient {
  /** The `fovea serve` process (its engine, once started, is a child of it). */
  readonly pid: number;
  /** Calls a contract method; resolves with its value, rejects with the services' message. */
  call<T = unknown>(method: string, args: unknown[]): Promise<T>;
  /** Listens to every event the services push; returns what removes the listener. */
  onEvent(listener: EventListener): () => void;
  close(): Promise<void>;
}

async function serveUrl(server: ChildProcessByStdio<null, Readable, null>): Promise<URL> {
  return new Promise<URL>((resolveUrl, reject) => {
    let output = '';
    server.once('exit', (code) => reject(new Error(`fovea serve exited (${String(code)})`)));
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match?.[1]) resolveUrl(new URL(match[1]));
    });
  });
}

export async function startServeClient(library: string): Promise<ServeClient> {
  const server = spawn(
    process.execPath,
    [cli, 'serve', '--library', library, '--port', '0', '--no-sample'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await serveUrl(server);
  const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token') ?? ''}`);
  await new Promise((opened, failed) => ws.once('open', opened).once('error', failed));
  const pending = new Map<number, (envelope: Envelope) => void>();
  const listeners = new Set<EventListener>();
  ws.on('message', (data: Buffer) => {
    const message = decodeFrame(new Uint8Array(data)) as {
      id?: number;
      result?: Envelope;
      event?: string;
      payload?: unknown;
    };
    if (typeof message.id === 'number' && message.result) {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else if (typeof message.event === 'string') {
      for (const listener of listeners) listener(message.event, message.payload);
    }
  });
  let nextId = 1;
  return {
    pid: server.pid ?? 0,
    call: <T>(method: string, args: unknown[]) => {
      const id = nextId++;
      return new Promise<T>((resolveCall, reject) => {
        pending.set(id, (envelope) => {
          if (envelope.ok) resolveCall(envelope.value as T);
          else reject(new Error(`${method}: ${envelope.error?.message ?? 'failed'}`));
        });
        ws.send(encodeFrame({ id, method, args }));
      });
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      ws.close();
      const exited = new Promise((done) => server.once('exit', done));
      server.kill('SIGTERM');
      await exited;
    },
  };
}
