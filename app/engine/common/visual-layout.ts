/**
 * Laying out "watch it learn" pictures as RGBA images: filter tiles and feature maps in grids
 * with a one-pixel gap, and the way back from a clicked pixel to the feature-map cell under it.
 * The renderer scales these up with nearest-neighbour (CSS `image-rendering: pixelated`).
 */
import type { FeatureMapLayer, FilterGrid, ProbeImage } from './visuals.js';
import type { LayerSpec } from './spec.js';
import type { RgbaImage } from '../../teach/common/image.js';
import type { FieldLayer } from '../../teach/common/receptive-field.js';

const gapColor = 40;

function blank(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(new ArrayBuffer(width * height * 4));
  for (let i = 0; i < data.length; i += 4) {
    data[i] = data[i + 1] = data[i + 2] = gapColor;
    data[i + 3] = 255;
  }
  return { width, height, data };
}

function put(image: RgbaImage, x: number, y: number, r: number, g: number, b: number): void {
  const i = 4 * (y * image.width + x);
  image.data[i] = r;
  image.data[i + 1] = g;
  image.data[i + 2] = b;
}

/** RGB grids: one tile per filter, `columns` a row. Grayscale grids: a row per filter, a tile per input channel. */
export function filterGridImage(grid: FilterGrid, maxFilters = 64, maxChannels = 16): RgbaImage {
  const { size, channels } = grid;
  const filters = Math.min(grid.filters, maxFilters);
  const cells = size * size;
  if (grid.isRgb) {
    const columns = Math.min(filters, 8);
    const rows = Math.ceil(filters / columns);
    const image = blank(columns * (size + 1) - 1, rows * (size + 1) - 1);
    for (let f = 0; f < filters; f++) {
      const left = (f % columns) * (size + 1);
      const top = Math.floor(f / columns) * (size + 1);
      for (let cell = 0; cell < cells; cell++) {
        const i = (f * cells + cell) * 3;
        const [r, g, b] = [grid.pixels[i] ?? 0, grid.pixels[i + 1] ?? 0, grid.pixels[i + 2] ?? 0];
        put(image, left + (cell % size), top + Math.floor(cell / size), r, g, b);
      }
    }
    return image;
  }
  const shown = Math.min(channels, maxChannels);
  const image = blank(shown * (size + 1) - 1, filters * (size + 1) - 1);
  for (let f = 0; f < filters; f++)
    for (let c = 0; c < shown; c++)
      for (let cell = 0; cell < cells; cell++) {
        const v = grid.pixels[(f * channels + c) * cells + cell] ?? 0;
        put(
          image,
          c * (size + 1) + (cell % size),
          f * (size + 1) + Math.floor(cell / size),
          v,
          v,
          v,
        );
      }
  return image;
}

/** Columns of a feature-map grid: about square. */
export function mapColumns(map: FeatureMapLayer, maxChannels: number): number {
  return Math.ceil(Math.sqrt(Math.min(map.channels, maxChannels)));
}

export function featureMapImage(map: FeatureMapLayer, maxChannels = 64): RgbaImage {
  const channels = Math.min(map.channels, maxChannels);
  const columns = mapColumns(map, maxChannels);
  const rows = Math.ceil(channels / columns);
  const { width, height } = map;
  const image = blank(columns * (width + 1) - 1, rows * (height + 1) - 1);
  for (let c = 0; c < channels; c++) {
    const left = (c % columns) * (width + 1);
    const top = Math.floor(c / columns) * (height + 1);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const v = map.pixels[(c * height + y) * width + x] ?? 0;
        put(image, left + x, top + y, v, v, v);
      }
  }
  return image;
}

/** The channel and cell under pixel (x, y) of `featureMapImage`; undefined on a gap. */
export function mapCellAt(
  map: FeatureMapLayer,
  x: number,
  y: number,
  maxChannels = 64,
): { channel: number; x: number; y: number } | undefined {
  const columns = mapColumns(map, maxChannels);
  const cellX = x % (map.width + 1);
  const cellY = y % (map.height + 1);
  if (cellX >= map.width || cellY >= map.height) return undefined;
  const channel = Math.floor(y / (map.height + 1)) * columns + Math.floor(x / (map.width + 1));
  if (channel >= Math.min(map.channels, maxChannels)) return undefined;
  return { channel, x: cellX, y: cellY };
}

export function probeRgba(probe: ProbeImage): RgbaImage {
  const image = blank(probe.size, probe.size);
  for (let i = 0; i < probe.size * probe.size; i++)
    put(
      image,
      i % probe.size,
      Math.floor(i / probe.size),
      probe.pixels[3 * i] ?? 0,
      probe.pixels[3 * i + 1] ?? 0,
      probe.pixels[3 * i + 2] ?? 0,
    );
  return image;
}

/** The conv and pool layers up to and including `layerIndex`, as receptive-field geometry. */
export function fieldLayers(layers: readonly LayerSpec[], layerIndex: number): FieldLayer[] {
  const field: FieldLayer[] = [];
  for (const layer of layers.slice(0, layerIndex + 1)) {
    if (layer.type === 'conv2d') {
      const stride = layer.strides ?? 1;
      // 'same' pads (k − 1)/2 on the leading side (TensorFlow puts any odd extra on the trailing one).
      const padding = layer.padding === 'same' ? Math.floor((layer.kernelSize - 1) / 2) : 0;
      field.push({ kind: 'conv', size: layer.kernelSize, stride, padding });
    } else if (layer.type === 'maxPool2d' || layer.type === 'avgPool2d')
      field.push({ kind: 'pool', size: layer.poolSize, stride: layer.strides ?? layer.poolSize });
  }
  return field;
}
