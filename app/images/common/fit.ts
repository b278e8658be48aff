/**
 * How a photo of any shape becomes the model's square input. Three choices, as the tools people
 * know offer them:
 * - `squash`: the whole photo stretched to the square (Fovea's first and default way; nothing is
 *   lost, shapes are distorted when the photo is not square);
 * - `crop`: the largest centred square of the photo (no distortion; the edges of the longer side
 *   are lost, as Keras' `crop_to_aspect_ratio` and torchvision's CenterCrop do);
 * - `pad`: the whole photo scaled to fit inside the square, centred on black (no distortion,
 *   nothing lost; the square holds bars).
 *
 * `fitPlacement` is the one definition every path follows: the import and the tensor cache, the
 * prediction paths, the camera preview (a canvas `drawImage(source, sx, sy, sw, sh, tx, ty, tw,
 * th)` draws exactly what training sees) and the exported preprocessing file.
 */
export type Fit = 'squash' | 'crop' | 'pad';

export const fits: readonly Fit[] = ['squash', 'crop', 'pad'];

/** Runs made before the choice existed were squashed. */
export const defaultFit: Fit = 'squash';

export function isFit(value: unknown): value is Fit {
  return value === 'squash' || value === 'crop' || value === 'pad';
}

/** A rectangle in whole pixels. */
export interface PixelRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Where pixels go: the `source` rectangle of the photo is resized (aspect ratio ignored) onto the
 * `target` rectangle of the side×side square; the rest of the square (only with `pad`) is black.
 */
export interface FitPlacement {
  readonly source: PixelRect;
  readonly target: PixelRect;
  readonly side: number;
}

/** The placement of a width×height photo in a side×side square under `fit`. */
export function fitPlacement(width: number, height: number, side: number, fit: Fit): FitPlacement {
  checkWhole('width', width);
  checkWhole('height', height);
  checkWhole('side', side);
  const whole: PixelRect = { x: 0, y: 0, width, height };
  const square: PixelRect = { x: 0, y: 0, width: side, height: side };
  switch (fit) {
    case 'squash':
      return { source: whole, target: square, side };
    case 'crop': {
      const shorter = Math.min(width, height);
      const source: PixelRect = {
        x: Math.floor((width - shorter) / 2),
        y: Math.floor((height - shorter) / 2),
        width: shorter,
        height: shorter,
      };
      return { source, target: square, side };
    }
    case 'pad': {
      const scale = side / Math.max(width, height);
      // At least one pixel, so a 1000×2 strip still shows as a line rather than vanishing.
      const targetWidth = Math.max(1, Math.min(side, Math.round(width * scale)));
      const targetHeight = Math.max(1, Math.min(side, Math.round(height * scale)));
      const target: PixelRect = {
        x: Math.floor((side - targetWidth) / 2),
        y: Math.floor((side - targetHeight) / 2),
        width: targetWidth,
        height: targetHeight,
      };
      return { source: whole, target, side };
    }
  }
}

function checkWhole(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number of at least 1, got ${String(value)}`);
  }
}

/** One line for people, as the export README and the run's detail say it (English). */
export function describeFit(fit: Fit, side: number): string {
  switch (fit) {
    case 'squash':
      return `Resize the whole image to ${side}×${side}, ignoring its aspect ratio (squash).`;
    case 'crop':
      return `Cut the largest centred square out of the image, then resize it to ${side}×${side} (centre crop).`;
    case 'pad':
      return `Resize the image to fit inside ${side}×${side} keeping its aspect ratio, centred on black (pad).`;
  }
}

/** One photo of a dataset as each fit turns it into the training input (the Train form's preview). */
export interface FitPreview {
  readonly imageId: number;
  readonly size: number;
  /** size × size × 3 bytes of RGB per fit, as training would read them. */
  readonly images: Readonly<Record<Fit, Uint8Array>>;
}
