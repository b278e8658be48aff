/**
 * How an export says to fit a photo into the model's square input, for each fit
 * (images/common/fit.ts): the lines of `preprocessing.json` and the Python and JavaScript
 * snippets of the README. Each follows `fitPlacement` step by step, so code written from them
 * prepares an image as Fovea does (Fovea resamples by area averaging when shrinking; bilinear
 * resizing differs by a few pixel levels, which the round-trip test measures).
 */
import type { Fit } from '../../images/common/fit.js';
import { describeFit } from '../../images/common/fit.js';

/** The placement rule as `preprocessing.json` writes it: what to cut, where to put it. */
export interface FitRule {
  readonly fit: Fit;
  readonly description: string;
  /** The part of the photo (w × h after EXIF orientation) that is kept. */
  readonly source: string;
  /** Where that part goes in the size × size square; the rest is `background`. */
  readonly target: string;
  readonly background: readonly [number, number, number];
}

export function fitRule(fit: Fit, size: number): FitRule {
  const common = { fit, description: describeFit(fit, size), background: [0, 0, 0] as const };
  switch (fit) {
    case 'squash':
      return { ...common, source: 'the whole photo', target: `the whole ${size}×${size} square` };
    case 'crop':
      return {
        ...common,
        source: 's = min(w, h); the s×s square at x = floor((w - s) / 2), y = floor((h - s) / 2)',
        target: `the whole ${size}×${size} square`,
      };
    case 'pad':
      return {
        ...common,
        source: 'the whole photo',
        target: `k = ${size} / max(w, h); tw = max(1, round(w·k)), th = max(1, round(h·k)); at x = floor((${size} - tw) / 2), y = floor((${size} - th) / 2)`,
      };
  }
}

/** Python (Pillow) lines turning `image` (RGB) into the square `image`. */
export function pythonFit(fit: Fit, size: number): string {
  switch (fit) {
    case 'squash':
      return `image = image.resize((${size}, ${size}), Image.BILINEAR)   # squash`;
    case 'crop':
      return `w, h = image.size; s = min(w, h); x, y = (w - s) // 2, (h - s) // 2
image = image.crop((x, y, x + s, y + s)).resize((${size}, ${size}), Image.BILINEAR)   # centre crop`;
    case 'pad':
      return `w, h = image.size; k = ${size} / max(w, h)
tw, th = max(1, int(w * k + 0.5)), max(1, int(h * k + 0.5))
square = Image.new("RGB", (${size}, ${size}))   # black
square.paste(image.resize((tw, th), Image.BILINEAR), ((${size} - tw) // 2, (${size} - th) // 2))
image = square   # pad`;
  }
}

/** JavaScript (a 2D canvas) drawing `img` into a size×size canvas as the fit says. */
export function javascriptFit(fit: Fit, size: number): string {
  const canvas = `const canvas = Object.assign(document.createElement('canvas'), { width: ${size}, height: ${size} });
const context = canvas.getContext('2d');
const w = img.naturalWidth, h = img.naturalHeight;`;
  switch (fit) {
    case 'squash':
      return `${canvas}
context.drawImage(img, 0, 0, ${size}, ${size}); // squash`;
    case 'crop':
      return `${canvas}
const s = Math.min(w, h);
context.drawImage(img, Math.floor((w - s) / 2), Math.floor((h - s) / 2), s, s, 0, 0, ${size}, ${size}); // centre crop`;
    case 'pad':
      return `${canvas}
const k = ${size} / Math.max(w, h);
const tw = Math.max(1, Math.round(w * k)), th = Math.max(1, Math.round(h * k));
context.fillStyle = 'black';
context.fillRect(0, 0, ${size}, ${size});
context.drawImage(img, Math.floor((${size} - tw) / 2), Math.floor((${size} - th) / 2), tw, th); // pad`;
  }
}
