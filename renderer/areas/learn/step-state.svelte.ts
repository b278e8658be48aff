/**
 * The step-by-step player: a 6×6 matrix and a 3×3 kernel (an example, or typed in cell by cell),
 * the filter's bias, and where the window is. It opens on the article's worked example. The timer
 * lives here, not in a component, and `dispose()` stops it.
 */
import type { Plane } from '../../../app/teach/common/image.js';
import { withValue } from '../../../app/teach/common/image.js';
import { kernelPreset, matchPreset, withWeight } from '../../../app/teach/common/kernels.js';
import type { Kernel, KernelPresetId } from '../../../app/teach/common/kernels.js';
import {
  articleKernel,
  convStep,
  convWithBias,
  exampleMatrix,
  stepCount,
} from '../../../app/teach/common/step-trace.js';
import type { ConvStep, ExampleMatrixId } from '../../../app/teach/common/step-trace.js';

export const speeds = [0.5, 1, 2, 4, 8] as const;

/** The kernels the player offers: the article's, the presets, or whatever was typed. */
export type StepKernelChoice = 'article' | KernelPresetId | 'custom';

function kernelChoice(kernel: Kernel): StepKernelChoice {
  const article = articleKernel();
  if (article.weights.every((weight, i) => weight === kernel.weights[i])) return 'article';
  return matchPreset(kernel) ?? 'custom';
}

export class StepState {
  #matrixId = $state<ExampleMatrixId | 'custom'>('article');
  #input = $state.raw<Plane>(exampleMatrix('article'));
  #kernel = $state.raw<Kernel>(articleKernel());
  #bias = $state(0);
  #padding = $state(0);
  #index = $state(0);
  #isPlaying = $state(false);
  #speed = $state(1);
  #timer: ReturnType<typeof setInterval> | undefined;

  readonly #count = $derived(stepCount(this.#input, this.#kernel, { padding: this.#padding }));
  readonly #output = $derived(
    convWithBias(this.#input, this.#kernel, { padding: this.#padding, bias: this.#bias }),
  );
  readonly #step = $derived(
    convStep(this.#input, this.#kernel, Math.min(this.#index, this.#count - 1), {
      padding: this.#padding,
      bias: this.#bias,
    }),
  );

  get matrixId(): ExampleMatrixId | 'custom' {
    return this.#matrixId;
  }
  get kernelChoice(): StepKernelChoice {
    return kernelChoice(this.#kernel);
  }
  get bias(): number {
    return this.#bias;
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
    this.#input = exampleMatrix(id);
    this.restart();
  }

  chooseKernel(choice: 'article' | KernelPresetId): void {
    this.#kernel = choice === 'article' ? articleKernel() : kernelPreset(choice, 3);
    this.restart();
  }

  /** A number typed into the matrix; the window stays where it is, so its sum can be read. */
  setInput(index: number, value: number): void {
    this.#input = withValue(this.#input, index, value);
    this.#matrixId = 'custom';
  }

  setWeight(index: number, value: number): void {
    this.#kernel = withWeight(this.#kernel, index, value);
  }

  setBias(bias: number): void {
    if (Number.isFinite(bias)) this.#bias = bias;
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
