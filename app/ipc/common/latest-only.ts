/**
 * Newest-wins delivery of droppable events to one window or socket: at most one frame per
 * droppable event is on its way at a time; what arrives meanwhile replaces the one waiting and
 * goes out once the previous one was delivered. Other events go out at once, in order.
 */
import type { EventName } from './contract.js';
import { isDroppable } from './droppable.js';

export interface EventSink {
  readonly isOpen: () => boolean;
  /** `delivered` runs once the peer has the frame (written out, or acknowledged), or it failed. */
  deliver(event: EventName, payload: unknown, delivered: () => void): void;
}

export class LatestOnlySender {
  readonly #inFlight = new Set<EventName>();
  readonly #waiting = new Map<EventName, unknown>();
  #dropped = 0;

  constructor(private readonly sink: EventSink) {}

  /** Frames replaced before they went out, since the start. */
  get dropped(): number {
    return this.#dropped;
  }

  send(event: EventName, payload: unknown): void {
    if (!this.sink.isOpen()) return;
    if (!isDroppable(event)) {
      this.sink.deliver(event, payload, () => undefined);
      return;
    }
    if (this.#inFlight.has(event)) {
      if (this.#waiting.has(event)) this.#dropped += 1;
      this.#waiting.set(event, payload);
      return;
    }
    this.#write(event, payload);
  }

  #write(event: EventName, payload: unknown): void {
    this.#inFlight.add(event);
    let isDone = false;
    this.sink.deliver(event, payload, () => {
      if (isDone) return;
      isDone = true;
      this.#inFlight.delete(event);
      if (!this.#waiting.has(event)) return;
      const next = this.#waiting.get(event);
      this.#waiting.delete(event);
      if (this.sink.isOpen()) this.#write(event, next);
    });
  }
}
