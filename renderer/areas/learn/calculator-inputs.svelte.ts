/** The numbers typed into the size calculator and parameter calculator. */
import { parseWidths } from '../../../app/teach/common/parameters.js';

export interface Geometry {
  inputSize: number;
  kernelSize: number;
  padding: number;
  stride: number;
}

export class SizeInputs {
  #geometry = $state<Geometry>({ inputSize: 6, kernelSize: 3, padding: 0, stride: 1 });

  get geometry(): Readonly<Geometry> {
    return this.#geometry;
  }

  /** Keeps the last number when a field is emptied mid-typing (NaN). */
  set(name: keyof Geometry, value: number): void {
    if (Number.isFinite(value)) this.#geometry = { ...this.#geometry, [name]: value };
  }

  reset(): void {
    this.#geometry = { inputSize: 6, kernelSize: 3, padding: 0, stride: 1 };
  }
}

export interface ParameterFields {
  side: number;
  channels: number;
  kernelSize: number;
  filters: number;
}

export class ParameterInputs {
  #fields = $state<ParameterFields>({ side: 420, channels: 1, kernelSize: 5, filters: 1 });
  #widthsText = $state('128, 256, 1');

  get fields(): Readonly<ParameterFields> {
    return this.#fields;
  }
  get widthsText(): string {
    return this.#widthsText;
  }
  /** The dense widths, or undefined while the text is not a list of counts. */
  get widths(): number[] | undefined {
    return parseWidths(this.#widthsText);
  }

  set(name: keyof ParameterFields, value: number): void {
    if (Number.isSafeInteger(value) && value >= 1)
      this.#fields = { ...this.#fields, [name]: value };
  }

  setWidths(text: string): void {
    this.#widthsText = text;
  }

  reset(): void {
    this.#fields = { side: 420, channels: 1, kernelSize: 5, filters: 1 };
    this.#widthsText = '128, 256, 1';
  }
}
