/**
 * The step-by-step player: which 6×6 example, which 3×3 kernel, and where the window is. The timer
 * lives here, not in a component, and `dispose()` stops it.
 */
import { conv2d } from '../../../app/teach/common/convolution.js';
import type { Plane } from '../../../app/teach/common/image.js';
import { kernelPreset } from '../../../app/teach/common/kernels.js';
import type { Kernel, KernelPresetId } from '../../../app/teach/common/kernels.js';
import { convStep, stepCount } from '../../../app/teach/common/step-trace.js';
import type { ConvStep, ExampleMatrixId } from '../../../app/teach/common/step-trace.js';
import { exampleMatrix } from '../../../app/teach/common/step-trace.js';

export const speeds = [0.5, 1, 2, 4, 8] as const;

export class StepState {
  #matrixId = $state<ExampleMatrixId>('step-edge');
  #presetId = $state<KernelPresetId>('sobel-vertical');
  #padding = $state(0);
  #index = $state(0);
  #isPlaying = $state(false);
  #speed = $state(1);
  #timer: ReturnType<typeof setInterval> | undefined;

  readonly #input = $derived(exampleMatrix(this.#matrixId));
  readonly #kernel = $derived(kernelPreset(this.#presetId, 3));
  readonly #count = $derived(stepCount(this.#input, this.#kernel, { padding: this.#padding }));
  readonly #output = $derived(conv2d(this.#input, this.#kernel, { padding: this.#padding }));
  readonly #step = $derived(
    convStep(this.#input, this.#kernel, Math.min(this.#index, this.#count - 1), {
      padding: this.#padding,
    }),
  );

  get matrixId(): ExampleMatrixId {
    return this.#matrixId;
  }
  get presetId(): KernelPresetId {
    return this.#presetId;
  }
  get padding(): number {
    return this.#padding;
  }
  get input(): Plane {
    return this.#input;
  }
  get kernel(): Kernel {
    return this.#kernel;
  }
  /** The full output, for filling cells up to the current step. */
  get output(): Plane {
    return this.#output;
  }
  get step(): ConvStep {
    return this.#step;
  }
  get index(): number {
    return Math.min(this.#index, this.#count - 1);
  }
  get count(): number {
    return this.#count;
  }
  get isPlaying(): boolean {
    return this.#isPlaying;
  }
  get speed(): number {
    return this.#speed;
  }

  chooseMatrix(id: ExampleMatrixId): void {
    this.#matrixId = id;
    this.restart();
  }

  choosePreset(id: KernelPresetId): void {
    this.#presetId = id;
    this.restart();
  }

  setPadding(padding: number): void {
    this.#padding = padding;
    this.restart();
  }

  play(): void {
    if (this.#isPlaying) return;
    if (this.index >= this.#count - 1) this.#index = 0;
    this.#isPlaying = true;
    this.#startTimer();
  }

  pause(): void {
    this.#isPlaying = false;
    this.#stopTimer();
  }

  next(): void {
    if (this.index < this.#count - 1) this.#index = this.index + 1;
    else this.pause();
  }

  previous(): void {
    this.#index = Math.max(0, this.index - 1);
  }

  restart(): void {
    this.#index = 0;
  }

  setSpeed(speed: number): void {
    this.#speed = speed;
    if (this.#isPlaying) {
      this.#stopTimer();
      this.#startTimer();
    }
  }

  dispose(): void {
    this.pause();
  }

  #startTimer(): void {
    this.#timer = setInterval(() => this.next(), 1000 / this.#speed);
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
