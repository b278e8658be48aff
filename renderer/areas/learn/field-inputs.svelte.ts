/** The receptive-field section's choices: how deep a stack, and which cell of its last map. */
import type { FieldLayer } from '../../../app/teach/common/receptive-field.js';

export const stackLayers: readonly FieldLayer[] = [
  { kind: 'conv', size: 3 },
  { kind: 'pool', size: 2 },
  { kind: 'conv', size: 3 },
  { kind: 'pool', size: 2 },
  { kind: 'conv', size: 3 },
];

export class FieldInputs {
  #depth = $state(4);
  #x = $state(5);
  #y = $state(5);

  get depth(): number {
    return this.#depth;
  }
  get x(): number {
    return this.#x;
  }
  get y(): number {
    return this.#y;
  }

  setDepth(depth: number): void {
    this.#depth = Math.min(stackLayers.length, Math.max(1, Math.round(depth)));
  }

  setCell(x: number, y: number): void {
    if (Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0) {
      this.#x = x;
      this.#y = y;
    }
  }

  reset(): void {
    this.#depth = 4;
    this.#x = 5;
    this.#y = 5;
  }
}
