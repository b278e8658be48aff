/** A photo from disk as a probe: centre-cropped to a square, scaled to size × size, RGB bytes. */
export async function probePixels(file: Blob, size: number): Promise<Uint8Array<ArrayBuffer>> {
  const bitmap = await createImageBitmap(file);
  try {
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw on a canvas.');
    const side = Math.min(bitmap.width, bitmap.height);
    const left = (bitmap.width - side) / 2;
    const top = (bitmap.height - side) / 2;
    context.drawImage(bitmap, left, top, side, side, 0, 0, size, size);
    const rgba = context.getImageData(0, 0, size, size).data;
    const rgb = new Uint8Array(size * size * 3);
    for (let i = 0; i < size * size; i++) rgb.set(rgba.subarray(i * 4, i * 4 + 3), i * 3);
    return rgb;
  } finally {
    bitmap.close();
  }
}
