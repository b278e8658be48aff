/**
 * The Learn area's shared state: the image being studied and the kernel applied to it, with every
 * map the sections show derived from them. Components read getters and call the named methods.
 */
import { countSigns, relu } from '../../../app/teach/common/activation.js';
import { conv2d, convolveEach, inputPlanes } from '../../../app/teach/common/convolution.js';
import type { ColorMode } from '../../../app/teach/common/convolution.js';
import { grayscale } from '../../../app/teach/common/image.js';
import type { Plane, RgbaImage } from '../../../app/teach/common/image.js';
import { builtinImage } from '../../../app/teach/common/images.js';
import type { BuiltinImageId } from '../../../app/teach/common/images.js';
import { kernelPreset, matchPreset, withWeight } from '../../../app/teach/common/kernels.js';
import type { Kernel, KernelPresetId, KernelSize } from '../../../app/teach/common/kernels.js';
import { poolRepeatedly } from '../../../app/teach/common/pooling.js';
import type { PoolMode } from '../../../app/teach/common/pooling.js';

/** Where the image came from: a built-in, the lead's dataset list (by index), or a file. */
export type ImageSource =
  | { readonly kind: 'builtin'; readonly id: BuiltinImageId }
  | { readonly kind: 'dataset'; readonly index: number }
  | { readonly kind: 'file'; readonly name: string };

export type PresetChoice = KernelPresetId | 'custom';

/** The filters of the "conv layer" the later sections use: four hand-made ones. */
export const layerFilters = [
  'sobel-vertical',
  'sobel-horizontal',
  'laplacian',
  'gaussian',
] as const;

export class LabState {
  #image = $state.raw<RgbaImage>(builtinImage('shapes'));
  #source = $state.raw<ImageSource>({ kind: 'builtin', id: 'shapes' });
  #kernel = $state.raw<Kernel>(kernelPreset('identity'));
  #preset = $state<PresetChoice>('identity');
  #stride = $state(1);
  #padding = $state(0);
  #colorMode = $state<ColorMode>('grayscale');
  #poolMode = $state<PoolMode>('max');

  readonly #gray = $derived(grayscale(this.#image));
  readonly #planes = $derived(inputPlanes(this.#image, this.#colorMode));
  readonly #maps = $derived(
    convolveEach(this.#planes, this.#kernel, { stride: this.#stride, padding: this.#padding }),
  );
  /** The grayscale pipeline the ReLU, pooling and receptive-field sections follow. */
  readonly #grayMap = $derived(
    conv2d(this.#gray, this.#kernel, { stride: this.#stride, padding: this.#padding }),
  );
  readonly #rectified = $derived(relu(this.#grayMap));
  /**
   * The map the activations section starts on: the lab's own, unless nothing in it is negative
   * (the identity kernel, a blur), where ReLU would change nothing to look at; then the Laplacian
   * map of the same image, which is negative beside every edge whichever way the edge runs.
   */
  readonly #isReluOnLabMap = $derived(countSigns(this.#grayMap).negative > 0);
  readonly #activationMap = $derived(
    this.#isReluOnLabMap ? this.#grayMap : conv2d(this.#gray, kernelPreset('laplacian')),
  );
  readonly #pooled = $derived(poolRepeatedly(this.#rectified, { mode: this.#poolMode }, 2));
  readonly #layerMaps = $derived(
    layerFilters.map((id) => relu(conv2d(this.#gray, kernelPreset(id)))),
  );

  get image(): RgbaImage {
    return this.#image;
  }
  get source(): ImageSource {
    return this.#source;
  }
  get gray(): Plane {
    return this.#gray;
  }
  get kernel(): Kernel {
    return this.#kernel;
  }
  get preset(): PresetChoice {
    return this.#preset;
  }
  get stride(): number {
    return this.#stride;
  }
  get padding(): number {
    return this.#padding;
  }
  get colorMode(): ColorMode {
    return this.#colorMode;
  }
  get poolMode(): PoolMode {
    return this.#poolMode;
  }
  /** The input planes the lab convolves: one grayscale plane or red, green, blue. */
  get planes(): Plane[] {
    return this.#planes;
  }
  /** One feature map per input plane. */
  get maps(): Plane[] {
    return this.#maps;
  }
  get grayMap(): Plane {
    return this.#grayMap;
  }
  get rectified(): Plane {
    return this.#rectified;
  }
  /** The map the activations section shows; see `isReluOnLabMap`. */
  get activationMap(): Plane {
    return this.#activationMap;
  }
  /** False when the lab's map has no negative value, so the activations use the Laplacian map. */
  get isReluOnLabMap(): boolean {
    return this.#isReluOnLabMap;
  }
  /** The rectified map after one and after two poolings. */
  get pooled(): Plane[] {
    return this.#pooled;
  }
  /** ReLU maps of the four `layerFilters`, at stride 1 with no padding. */
  get layerMaps(): Plane[] {
    return this.#layerMaps;
  }

  setImage(image: RgbaImage, source: ImageSource): void {
    this.#image = image;
    this.#source = source;
    this.#fitPadding();
  }

  choosePreset(choice: PresetChoice): void {
    this.#preset = choice;
    if (choice !== 'custom') this.#kernel = kernelPreset(choice, this.kernelSize);
  }

  get kernelSize(): KernelSize {
    return this.#kernel.size === 5 ? 5 : 3;
  }

  setKernelSize(size: KernelSize): void {
    const preset = this.#preset === 'custom' ? 'identity' : this.#preset;
    this.#kernel = kernelPreset(preset, size);
    this.#preset = preset;
    this.#fitPadding();
  }

  setWeight(index: number, value: number): void {
    this.#kernel = withWeight(this.#kernel, index, value);
    this.#preset = matchPreset(this.#kernel) ?? 'custom';
  }

  setStride(stride: number): void {
    this.#stride = Math.max(1, Math.round(stride));
  }

  setPadding(padding: number): void {
    this.#padding = Math.max(0, Math.round(padding));
    this.#fitPadding();
  }

  setColorMode(mode: ColorMode): void {
    this.#colorMode = mode;
  }

  setPoolMode(mode: PoolMode): void {
    this.#poolMode = mode;
  }

  /** Padding beyond the kernel's reach only adds zeros; keep it within (f − 1). */
  #fitPadding(): void {
    this.#padding = Math.min(this.#padding, this.#kernel.size - 1);
  }

  reset(): void {
    this.setImage(builtinImage('shapes'), { kind: 'builtin', id: 'shapes' });
    this.#kernel = kernelPreset('identity');
    this.#preset = 'identity';
    this.#stride = 1;
    this.#padding = 0;
    this.#colorMode = 'grayscale';
    this.#poolMode = 'max';
  }
}
