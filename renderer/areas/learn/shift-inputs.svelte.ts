/**
 * The invariance section's choices: the shift in pixels and the detector. It defaults to an edge
 * detector, not the lab's kernel: shifting a blurred or identity "feature map" shows little.
 */
import type { KernelPresetId } from '../../../app/teach/common/kernels.js';

export class ShiftInputs {
  #dx = $state(1);
  #dy = $state(0);
  #kernelId = $state<KernelPresetId>('laplacian');

  get kernelId(): KernelPresetId {
    return this.#kernelId;
  }

  chooseKernel(id: KernelPresetId): void {
    this.#kernelId = id;
  }

  get dx(): number {
    return this.#dx;
  }
  get dy(): number {
    return this.#dy;
  }

  setDx(dx: number): void {
    if (Number.isInteger(dx)) this.#dx = dx;
  }

  setDy(dy: number): void {
    if (Number.isInteger(dy)) this.#dy = dy;
  }

  reset(): void {
    this.#dx = 1;
    this.#dy = 0;
    this.#kernelId = 'laplacian';
  }
}
