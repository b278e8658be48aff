import type { EventName, EventPayloads, FoveaClient, MethodName } from './contract.js';
import { methodNames } from './contract.js';
import type { Envelope } from './envelope.js';
import { unwrap } from './envelope.js';

/** What a transport provides: send one call, and subscribe to one event. */
export interface Transport {
  call(method: MethodName, args: unknown[]): Promise<Envelope<unknown>>;
  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayloads[E]) => void,
  ): () => void;
}

/** Builds `fovea.area.verb(...)` for every method of the contract over any transport. */
export function createClient(transport: Transport): FoveaClient {
  const areas: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const method of methodNames) {
    const [area = '', verb = ''] = method.split('.');
    areas[area] ??= {};
    areas[area][verb] = async (...args: unknown[]) => unwrap(await transport.call(method, args));
  }
  return {
    ...areas,
    on: <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) =>
      transport.subscribe(event, listener),
  } as unknown as FoveaClient;
}
