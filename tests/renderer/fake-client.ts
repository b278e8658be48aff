import { FoveaError, toErrorInfo } from '../../app/base/common/errors.js';
import type { Transport } from '../../app/ipc/common/client.js';
import { createClient } from '../../app/ipc/common/client.js';
import type {
  ArgsOf,
  EventName,
  EventPayloads,
  FoveaClient,
  MethodName,
  ResultOf,
} from '../../app/ipc/common/contract.js';
import type { Envelope } from '../../app/ipc/common/envelope.js';

type Handler<M extends MethodName> = (...args: ArgsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>;
export type FakeHandlers = { -readonly [M in MethodName]?: Handler<M> };

/**
 * A client for state tests: each method answers from `handlers` (replace one to change its
 * answer; a missing one fails with `unknown_method`), every call is recorded, and `emit` sends an
 * event to the subscribers as the services would.
 */
export class FakeClient {
  readonly client: FoveaClient;
  readonly handlers: FakeHandlers;
  readonly calls: { method: MethodName; args: unknown[] }[] = [];
  readonly #listeners = new Map<EventName, Set<(payload: never) => void>>();

  constructor(handlers: FakeHandlers = {}) {
    this.handlers = handlers;
    const transport: Transport = {
      call: (method, args) => this.#call(method, args),
      subscribe: (event, listener) => {
        const listeners = this.#listeners.get(event) ?? new Set();
        this.#listeners.set(event, listeners);
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    this.client = createClient(transport);
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      (listener as (payload: EventPayloads[E]) => void)(payload);
    }
  }

  /** Subscribers of all events; a state that stopped listening leaves none. */
  get listenerCount(): number {
    return [...this.#listeners.values()].reduce((sum, listeners) => sum + listeners.size, 0);
  }

  /** The arguments of each call of `method`, in order. */
  argsOf(method: MethodName): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  async #call(method: MethodName, args: unknown[]): Promise<Envelope<unknown>> {
    this.calls.push({ method, args });
    const handler = this.handlers[method] as ((...args: unknown[]) => unknown) | undefined;
    try {
      if (!handler) throw new FoveaError('unknown_method', `The fake has no ${method}.`);
      return { ok: true, value: await handler(...args) };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  }
}
