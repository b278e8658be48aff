// Web mode's transport against a fake `fovea serve`: a real WebSocket server that records the
// calls and answers when and how each test says. Node 20 has no global WebSocket; the `ws`
// package's client stands in for the browser's.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket as ServerSocket } from 'ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { Envelope } from '../../app/ipc/common/envelope.js';
import { decodeFrame, encodeFrame } from '../../app/ipc/common/wire.js';
import { WebSocketTransport } from '../../renderer/lib/transport/ws-transport.js';

interface Call {
  id: number;
  method: string;
  args: unknown[];
  socket: ServerSocket;
}

class FakeServer {
  readonly calls: Call[] = [];
  readonly sockets: ServerSocket[] = [];
  readonly #server: WebSocketServer;

  private constructor(server: WebSocketServer) {
    this.#server = server;
    server.on('connection', (socket) => {
      this.sockets.push(socket);
      socket.on('message', (data: Buffer) => {
        const frame = decodeFrame(new Uint8Array(data)) as Omit<Call, 'socket'>;
        this.calls.push({ ...frame, socket });
      });
    });
  }

  static start(): Promise<FakeServer> {
    return new Promise((resolve) => {
      const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
      server.once('listening', () => resolve(new FakeServer(server)));
    });
  }

  get url(): string {
    const address = this.#server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return `ws://127.0.0.1:${port}/ws`;
  }

  reply(call: Call, result: Envelope<unknown>): void {
    call.socket.send(encodeFrame({ id: call.id, result }));
  }

  emit(event: string, payload: unknown): void {
    for (const socket of this.sockets) socket.send(encodeFrame({ event, payload }));
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

describe('WebSocketTransport', () => {
  let server: FakeServer;
  let transport: WebSocketTransport;

  beforeEach(async () => {
    vi.stubGlobal('WebSocket', WebSocket);
    server = await FakeServer.start();
    transport = new WebSocketTransport(server.url);
  });

  afterEach(async () => {
    await server.close();
    vi.unstubAllGlobals();
  });

  /** The call the server received `index`-th, once it has. */
  async function received(index: number): Promise<Call> {
    await expect.poll(() => server.calls.length).toBeGreaterThan(index);
    return server.calls[index] as Call;
  }

  it('sends each call with its arguments and resolves it with the reply of its id', async () => {
    const info = transport.call('app.info', []);
    const list = transport.call('datasets.list', []);
    const infoCall = await received(0);
    const listCall = await received(1);
    expect(infoCall).toMatchObject({ method: 'app.info', args: [] });
    expect(listCall).toMatchObject({ method: 'datasets.list', args: [] });
    expect(listCall.id).not.toBe(infoCall.id);

    server.reply(listCall, { ok: true, value: [{ name: 'pets' }] });
    server.reply(infoCall, { ok: true, value: { version: '1.2.3' } });
    expect(await list).toEqual({ ok: true, value: [{ name: 'pets' }] });
    expect(await info).toEqual({ ok: true, value: { version: '1.2.3' } });
    expect(server.sockets).toHaveLength(1);
  });

  it('passes an error envelope through as it came', async () => {
    const result = transport.call('datasets.delete', [7]);
    const error = { code: 'not_found', message: 'There is no dataset 7.' } as const;
    server.reply(await received(0), { ok: false, error });
    expect(await result).toEqual({ ok: false, error });
  });

  it('ignores a reply without an id (a request the server could not read)', async () => {
    const result = transport.call('app.info', []);
    const call = await received(0);
    const malformed = { ok: false, error: { code: 'invalid_argument', message: 'Malformed.' } };
    call.socket.send(encodeFrame({ id: null, result: malformed }));
    server.reply(call, { ok: true, value: 'answer' });
    expect(await result).toEqual({ ok: true, value: 'answer' });
  });

  it('delivers the events a listener subscribed to, until it unsubscribes', async () => {
    const progress: unknown[] = [];
    const unsubscribe = transport.subscribe('import.progress', (payload) => progress.push(payload));
    await expect.poll(() => server.sockets.length).toBe(1);

    server.emit('library.changed', { datasetId: 1 });
    server.emit('import.progress', { done: 1, thumbnail: new Uint8Array([1, 2, 3]) });
    await expect.poll(() => progress.length).toBe(1);
    expect(progress[0]).toEqual({ done: 1, thumbnail: new Uint8Array([1, 2, 3]) });

    unsubscribe();
    server.emit('import.progress', { done: 2 });
    // Frames arrive in order: once this call's reply is in, the event before it was handled.
    const result = transport.call('app.info', []);
    server.reply(await received(0), { ok: true, value: null });
    await result;
    expect(progress).toHaveLength(1);
  });

  it('fails the calls in flight when the connection drops, and reconnects on the next call', async () => {
    const inFlight = transport.call('app.info', []);
    (await received(0)).socket.terminate();
    expect(await inFlight).toEqual({
      ok: false,
      error: { code: 'io', message: expect.stringMatching(/connection to Fovea was lost/) },
    });

    const next = transport.call('app.info', []);
    const call = await received(1);
    server.reply(call, { ok: true, value: 'again' });
    expect(await next).toEqual({ ok: true, value: 'again' });
    expect(server.sockets).toHaveLength(2);
  });

  it('says so when the server cannot be reached', async () => {
    const url = server.url;
    await server.close();
    const result = await new WebSocketTransport(url).call('app.info', []);
    expect(result).toEqual({
      ok: false,
      error: { code: 'io', message: expect.stringMatching(/Cannot reach Fovea/) },
    });
  });
});
