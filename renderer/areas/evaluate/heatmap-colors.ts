/** A heat map (side × side in [0, 1]) as RGBA pixels: transparent blue → red, alpha with the value. */
export function heatmapPixels(values: Float32Array, side: number): ImageData {
  const image = new ImageData(side, side);
  for (let index = 0; index < side * side; index++) {
    const value = Math.min(1, Math.max(0, values[index] ?? 0));
    const offset = index * 4;
    image.data[offset] = Math.round(255 * Math.min(1, value * 2));
    image.data[offset + 1] = Math.round(255 * (1 - Math.abs(value - 0.5) * 2));
    image.data[offset + 2] = Math.round(255 * Math.min(1, (1 - value) * 2));
    image.data[offset + 3] = Math.round(255 * (0.15 + 0.85 * value));
  }
  return image;
}
