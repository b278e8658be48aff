import type { EventName, EventPayloads } from './contract.js';

export type AnyEventListener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

/** Fans service events out to every connected transport (each window, each WebSocket). */
export class EventHub {
  readonly #listeners = new Set<AnyEventListener>();

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const listener of this.#listeners) listener(event, payload);
  }

  /** Returns the function that removes the listener again. */
  listen(listener: AnyEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
