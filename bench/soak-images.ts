/**
 * Many small, distinct JPEGs of varied sizes, made in memory quickly (a few hundred per second
 * on 2 cores) for the soak bench: each class has its own colour ramp, so a model can learn
 * something, and per-image noise makes every file unique (no duplicates to skip).
 */
import sharp from 'sharp';

export interface GeneratedImage {
  /** `classK/img_N.jpg`: the folder is the class, as an upload of class folders. */
  readonly path: string;
  /** A plain Uint8Array: a Buffer would turn into JSON numbers (Buffer.toJSON) on the wire. */
  readonly data: Uint8Array;
}

const classColours = [
  [200, 60, 40],
  [40, 160, 70],
  [50, 80, 210],
  [210, 190, 50],
] as const;

/** A deterministic pseudo-random size from 48 to 400 px per side, so the decode sizes vary. */
function sideOf(index: number, salt: number): number {
  return 48 + (((index * 2654435761 + salt * 40503) >>> 0) % 353);
}

function pixelsOf(index: number, width: number, height: number): Buffer {
  const [red, green, blue] = classColours[index % classColours.length] ?? classColours[0];
  const pixels = Buffer.alloc(width * height * 3);
  let noise = (index * 2246822519 + 1) >>> 0;
  for (let y = 0; y < height; y++) {
    const shade = y / height;
    for (let x = 0; x < width; x++) {
      noise = (noise * 1664525 + 1013904223) >>> 0;
      const jitter = (noise >>> 26) - 32;
      const at = (y * width + x) * 3;
      pixels[at] = red * shade + jitter;
      pixels[at + 1] = green * (1 - shade) + jitter;
      pixels[at + 2] = blue * (x / width) + jitter;
    }
  }
  return pixels;
}

async function imageOf(index: number): Promise<GeneratedImage> {
  const width = sideOf(index, 1);
  const height = sideOf(index, 7);
  const data = await sharp(pixelsOf(index, width, height), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return { path: `class${index % classColours.length}/img_${index}.jpg`, data: bytes };
}

/** Yields `count` images in groups of about `groupBytes` each (an upload's chunk). */
export async function* generateImages(
  count: number,
  groupBytes: number,
): AsyncGenerator<GeneratedImage[]> {
  let group: GeneratedImage[] = [];
  let bytes = 0;
  for (let start = 0; start < count; start += 32) {
    const indices = Array.from({ length: Math.min(32, count - start) }, (_, i) => start + i);
    for (const image of await Promise.all(indices.map(imageOf))) {
      group.push(image);
      bytes += image.data.byteLength;
      if (bytes >= groupBytes) {
        yield group;
        group = [];
        bytes = 0;
      }
    }
  }
  if (group.length > 0) yield group;
}
