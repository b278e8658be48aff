/**
 * The size and EXIF orientation of a JPEG, read from its markers in JavaScript. Importing asks
 * libvips for the header of every file first (format, size, orientation) to refuse what it must
 * before decoding; for JPEG — nearly every photo — that was a whole sharp call per image (a trip
 * to the thread pool and back, about a quarter of a millisecond), while the answer sits in the
 * first few hundred bytes. Anything this reader does not recognise returns undefined, and the
 * caller asks libvips as before, so an odd file is judged exactly as it was.
 */

export interface JpegHeader {
  /** Size as shown, after the EXIF orientation (5–8 swap the sides). */
  readonly width: number;
  readonly height: number;
  /** EXIF orientation 1–8 (1 when absent). */
  readonly orientation: number;
}

const markerSoi = 0xd8;
const markerApp1 = 0xe1;
const markerSos = 0xda;
const markerEoi = 0xd9;
const exifOrientationTag = 0x0112;

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === markerSoi && bytes[2] === 0xff;
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic): they carry the size. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** The header of a JPEG, or undefined when the bytes are not a JPEG this reader understands. */
export function readJpegHeader(bytes: Uint8Array): JpegHeader | undefined {
  if (!isJpeg(bytes)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let orientation = 1;
  let hasExif = false;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === markerSos || marker === markerEoi) return undefined; // no frame before the data
    const length = view.getUint16(at + 2);
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length) return undefined;
    if (marker === markerApp1 && !hasExif && isExif(bytes, at + 4, end)) {
      hasExif = true; // libvips reads the first Exif segment only
      orientation = exifOrientation(view, at + 10, end) ?? 1;
    } else if (isStartOfFrame(marker)) {
      if (length < 7) return undefined;
      const height = view.getUint16(at + 5);
      const width = view.getUint16(at + 7);
      if (width === 0 || height === 0) return undefined; // height in a DNL marker: let libvips say
      const swaps = orientation >= 5 && orientation <= 8;
      return swaps ? { width: height, height: width, orientation } : { width, height, orientation };
    }
    at = end;
  }
  return undefined;
}

function isExif(bytes: Uint8Array, from: number, end: number): boolean {
  const signature = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"
  return end - from >= signature.length && signature.every((b, i) => bytes[from + i] === b);
}

/** The orientation tag of IFD0 in the TIFF structure starting at `tiff`, if present and valid. */
function exifOrientation(view: DataView, tiff: number, end: number): number | undefined {
  if (tiff + 8 > end) return undefined;
  const order = view.getUint16(tiff);
  if (order !== 0x4949 && order !== 0x4d4d) return undefined;
  const little = order === 0x4949;
  const ifd = tiff + view.getUint32(tiff + 4, little);
  if (ifd + 2 > end) return undefined;
  const count = view.getUint16(ifd, little);
  for (let entry = 0; entry < count; entry++) {
    const at = ifd + 2 + entry * 12;
    if (at + 12 > end) return undefined;
    if (view.getUint16(at, little) !== exifOrientationTag) continue;
    const value = view.getUint16(at + 8, little);
    return value >= 1 && value <= 8 ? value : undefined;
  }
  return undefined;
}
