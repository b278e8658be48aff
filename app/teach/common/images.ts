/** Built-in generated images, so the lab works before a person brings a photo. */
import type { RgbaImage } from './image.js';

export const builtinImageIds = [
  'vertical-edge',
  'horizontal-edge',
  'checkerboard',
  'disc',
  'shapes',
  'rings',
] as const;
export type BuiltinImageId = (typeof builtinImageIds)[number];

export const builtinImageNames: Record<BuiltinImageId, string> = {
  'vertical-edge': 'Vertical edge',
  'horizontal-edge': 'Horizontal edge',
  checkerboard: 'Checkerboard',
  disc: 'Disc',
  shapes: 'Shapes',
  rings: 'Rings',
};

export function isBuiltinImageId(value: string): value is BuiltinImageId {
  return (builtinImageIds as readonly string[]).includes(value);
}

type Color = readonly [number, number, number];
type Painter = (x: number, y: number, size: number) => Color;

const black: Color = [0, 0, 0];
const white: Color = [255, 255, 255];

function paint(size: number, painter: Painter): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b] = painter(x, y, size);
      const i = (y * size + x) * 4;
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = 255;
    }
  }
  return { width: size, height: size, data };
}

function shapes(x: number, y: number, size: number): Color {
  const unit = size / 8;
  const inSquare = x >= unit && x < 3.5 * unit && y >= unit && y < 3.5 * unit;
  const inDisc = (x - 5.5 * unit) ** 2 + (y - 2.5 * unit) ** 2 < (1.6 * unit) ** 2;
  // A triangle with its apex up: rows widen linearly below the apex.
  const rise = y - 4.5 * unit;
  const inTriangle = rise >= 0 && y < 7.2 * unit && Math.abs(x - 2.5 * unit) <= rise * 0.75;
  const onStripe = Math.abs(x - y + 0.5 * unit - 2 * unit) < 0.35 * unit && x > 4.5 * unit;
  if (inSquare) return [220, 60, 50];
  if (inDisc) return [60, 170, 80];
  if (inTriangle) return [60, 90, 220];
  if (onStripe) return [240, 200, 40];
  return [40, 40, 48];
}

const painters: Record<BuiltinImageId, Painter> = {
  // Left half dark, right half bright.
  'vertical-edge': (x, _y, size) => (x < size / 2 ? black : white),
  'horizontal-edge': (_x, y, size) => (y < size / 2 ? black : white),
  checkerboard: (x, y, size) =>
    (Math.floor(x / (size / 8)) + Math.floor(y / (size / 8))) % 2 === 0 ? white : black,
  disc: (x, y, size) =>
    (x - size / 2 + 0.5) ** 2 + (y - size / 2 + 0.5) ** 2 < (size * 0.3) ** 2 ? white : black,
  shapes,
  rings: (x, y, size) => {
    const radius = Math.hypot(x - size / 2 + 0.5, y - size / 2 + 0.5);
    const level = Math.round(127.5 + 127.5 * Math.cos((radius * Math.PI) / (size / 16)));
    return [level, level, level];
  },
};

/** A square built-in image, 128 pixels a side unless asked otherwise. */
export function builtinImage(id: BuiltinImageId, size = 128): RgbaImage {
  return paint(size, painters[id]);
}
