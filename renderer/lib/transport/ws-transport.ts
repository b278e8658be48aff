import type { EventName, EventPayloads, MethodName } from '../../../app/ipc/common/contract.js';
import type { Envelope } from '../../../app/ipc/common/envelope.js';
import type { Transport } from '../../../app/ipc/common/client.js';
import { decodeFrame, encodeFrame } from '../../../app/ipc/common/wire.js';

type Listener = (payload: unknown) => void;
type Incoming =
  { id: number | null; result: Envelope<unknown> } | { event: EventName; payload: unknown };

/**
 * Web mode's transport: one WebSocket to `fovea serve` (authorised by the cookie the server set
 * when the page was opened with its token). Calls in flight when the connection drops fail with a
 * clear error; the next call reconnects.
 */
export class WebSocketTransport implements Transport {
  readonly #url: string;
  readonly #pending = new Map<number, (result: Envelope<unknown>) => void>();
  readonly #listeners = new Map<EventName, Set<Listener>>();
  #socket: Promise<WebSocket> | undefined;
  #nextId = 1;

  constructor(url: string) {
    this.#url = url;
  }

  async call(method: MethodName, args: unknown[]): Promise<Envelope<unknown>> {
    let socket: WebSocket;
    try {
      socket = await this.#connect();
    } catch {
      return lost('Cannot reach Fovea. Is `fovea serve` still running?');
    }
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      socket.send(encodeFrame({ id, method, args }));
    });
  }

  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayloads[E]) => void,
  ): () => void {
    const set = this.#listeners.get(event) ?? new Set<Listener>();
    this.#listeners.set(event, set);
    set.add(listener as Listener);
    void this.#connect().catch(() => undefined);
    return () => set.delete(listener as Listener);
  }

  #connect(): Promise<WebSocket> {
    this.#socket ??= new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(this.#url);
      socket.binaryType = 'arraybuffer';
      socket.onopen = () => resolve(socket);
      socket.onerror = () => reject(new Error('WebSocket error'));
      socket.onclose = () => {
        this.#socket = undefined;
        for (const resolvePending of this.#pending.values()) {
          resolvePending(lost('The connection to Fovea was lost; try again.'));
        }
        this.#pending.clear();
      };
      socket.onmessage = (message: MessageEvent<ArrayBuffer>) => this.#receive(message.data);
    });
    return this.#socket;
  }

  #receive(data: ArrayBuffer): void {
    const message = decodeFrame(new Uint8Array(data)) as Incoming;
    if ('event' in message) {
      for (const listener of this.#listeners.get(message.event) ?? []) listener(message.payload);
      return;
    }
    if (message.id === null) return;
    this.#pending.get(message.id)?.(message.result);
    this.#pending.delete(message.id);
  }
}

function lost(message: string): Envelope<unknown> {
  return { ok: false, error: { code: 'io', message } };
}
