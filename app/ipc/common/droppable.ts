/**
 * Events a slow window may miss: each payload replaces the previous one of its name (newest
 * wins), so a renderer that cannot keep up skips frames instead of growing a queue.
 */
import type { EventName } from './contract.js';

export const droppableEvents: ReadonlySet<EventName> = new Set<EventName>(['training.visuals']);

export function isDroppable(event: EventName): boolean {
  return droppableEvents.has(event);
}
