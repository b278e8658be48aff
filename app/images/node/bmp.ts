import { BadImageError } from './bad-image.js';

/**
 * libvips (and so sharp) does not read BMP. Fovea decodes the simple, common kind itself:
 * uncompressed 24-bit, and 32-bit either plain (4th byte ignored) or with byte-aligned bit
 * fields (with or without an alpha mask). Palette, 16-bit and RLE-compressed BMPs are refused
 * with a reason that says what to do.
 */
export interface RawPixels {
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
  readonly data: Buffer;
}

const fileHeaderSize = 14;
const compressionRgb = 0;
const compressionBitFields = 3;
const compressionAlphaBitFields = 6;

export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

export interface BmpHeader {
  readonly width: number;
  readonly height: number;
  readonly isTopDown: boolean;
  readonly bitsPerPixel: number;
  readonly compression: number;
  readonly dataOffset: number;
  readonly headerSize: number;
}

export function readBmpHeader(bytes: Buffer): BmpHeader {
  if (bytes.length < fileHeaderSize + 40) {
    throw new BadImageError('corrupt', 'The BMP file is truncated: its header is incomplete.');
  }
  const headerSize = bytes.readUInt32LE(fileHeaderSize);
  if (headerSize < 40) {
    throw new BadImageError(
      'unsupported',
      'This old OS/2-style BMP is not supported. Convert it to PNG or JPEG.',
    );
  }
  const rawHeight = bytes.readInt32LE(22);
  return {
    width: bytes.readInt32LE(18),
    height: Math.abs(rawHeight),
    isTopDown: rawHeight < 0,
    bitsPerPixel: bytes.readUInt16LE(28),
    compression: bytes.readUInt32LE(30),
    dataOffset: bytes.readUInt32LE(10),
    headerSize,
  };
}

interface ChannelLayout {
  /** Byte offsets of R, G, B and (or -1) A within a pixel. */
  readonly offsets: readonly [number, number, number, number];
  readonly bytesPerPixel: 3 | 4;
}

function byteOffsetOfMask(mask: number): number {
  for (let byte = 0; byte < 4; byte++) if (mask >>> 0 === (0xff << (byte * 8)) >>> 0) return byte;
  return -2;
}

function channelLayout(bytes: Buffer, header: BmpHeader): ChannelLayout {
  const { bitsPerPixel, compression } = header;
  if (bitsPerPixel === 24 && compression === compressionRgb) {
    return { offsets: [2, 1, 0, -1], bytesPerPixel: 3 };
  }
  if (bitsPerPixel === 32 && compression === compressionRgb) {
    return { offsets: [2, 1, 0, -1], bytesPerPixel: 4 };
  }
  const hasMasks =
    compression === compressionBitFields || compression === compressionAlphaBitFields;
  if (bitsPerPixel === 32 && hasMasks && bytes.length >= 70) {
    const hasAlphaMask = header.headerSize >= 56 || compression === compressionAlphaBitFields;
    const [red, green, blue] = [54, 58, 62].map((at) => byteOffsetOfMask(bytes.readUInt32LE(at)));
    const alphaMask = hasAlphaMask ? bytes.readUInt32LE(66) : 0;
    const alpha = alphaMask === 0 ? -1 : byteOffsetOfMask(alphaMask);
    if (red !== undefined && green !== undefined && blue !== undefined) {
      if (red >= 0 && green >= 0 && blue >= 0 && alpha >= -1) {
        return { offsets: [red, green, blue, alpha], bytesPerPixel: 4 };
      }
    }
  }
  throw new BadImageError(
    'unsupported',
    `This kind of BMP (${bitsPerPixel}-bit, compression ${compression}) is not supported; ` +
      'only uncompressed 24- and 32-bit BMPs are. Convert it to PNG or JPEG.',
  );
}

/** Decodes a BMP into top-down RGB or RGBA pixels. `maxPixels` guards memory before allocating. */
export function decodeBmp(bytes: Buffer, maxPixels: number): RawPixels {
  const header = readBmpHeader(bytes);
  const { width, height } = header;
  if (width <= 0 || height <= 0) {
    throw new BadImageError('corrupt', 'The BMP file is corrupt: its size is not positive.');
  }
  if (width * height > maxPixels) {
    throw new BadImageError('too_large', `The image is too large (${width}×${height} pixels).`);
  }
  const layout = channelLayout(bytes, header);
  const stride = Math.ceil((width * layout.bytesPerPixel) / 4) * 4;
  if (header.dataOffset + stride * height > bytes.length) {
    throw new BadImageError('corrupt', 'The BMP file is truncated: some pixel rows are missing.');
  }
  const [red, green, blue, alpha] = layout.offsets;
  const channels = alpha >= 0 ? 4 : 3;
  const data = Buffer.allocUnsafe(width * height * channels);
  let out = 0;
  for (let row = 0; row < height; row++) {
    const sourceRow = header.isTopDown ? row : height - 1 - row;
    let at = header.dataOffset + sourceRow * stride;
    for (let x = 0; x < width; x++, at += layout.bytesPerPixel) {
      data[out++] = bytes[at + red] ?? 0;
      data[out++] = bytes[at + green] ?? 0;
      data[out++] = bytes[at + blue] ?? 0;
      if (channels === 4) data[out++] = bytes[at + alpha] ?? 255;
    }
  }
  return { width, height, channels, data };
}
