/**
 * One file → what the library stores for it: the original bytes and their SHA-256, the size and
 * format, a JPEG thumbnail and the training tensor. Decoded once: a single sharp pipeline
 * auto-orients (EXIF), flattens alpha onto white, converts to sRGB (CMYK and grayscale become
 * RGB, animations give their first frame) and shrinks to ≤256 px — on load where the format allows
 * (JPEG DCT scaling), so a 6000×4000 photo never exists in memory at full size. The thumbnail and
 * the tensor are both derived from that small RGB image.
 *
 * Policies:
 * - Minimum size 8×8 pixels (after orientation); smaller files are refused as too small.
 * - At most 200 megapixels (libvips' limitInputPixels too); larger files are refused.
 * - Alpha is flattened onto white (#ffffff), how transparent images look in most viewers.
 * - Thumbnail: JPEG quality 80, longest side 256, never enlarged (as the Pillow peer does).
 * - Tensor: squashed to size×size (default 64) ignoring the aspect ratio, as the Pillow peer does:
 *   the whole animal stays in frame, at the cost of some stretching; RGB, HWC, uint8. A run may
 *   choose a centre crop or padding instead (`fit`, images/common/fit.ts).
 * - Truncated or corrupt files are refused (`failOn: 'error'`: libjpeg's "premature end" fails,
 *   harmless warnings such as extraneous bytes do not).
 * - BMP is decoded by ./bmp.ts (libvips has no BMP loader); SVG and HEIC are refused.
 */
import { createHash } from 'node:crypto';
import { readFile, readFileSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { Metadata, OutputInfo, SharpOptions } from 'sharp';
import { FoveaError } from '../../base/common/errors.js';
import { BadImageError, fromDecodeError, fromReadError } from './bad-image.js';
import { decodeBmp, isBmp } from './bmp.js';
import { readJpegHeader } from './jpeg-header.js';
import type { Fit } from '../common/fit.js';
import { fitRgb } from './fit-rgb.js';

const readFileAsync = promisify(readFile);
const syncReadBytes = 1024 * 1024;

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif' | 'bmp';

export const imageLimits = {
  minSide: 8,
  maxPixels: 200_000_000,
  maxFileBytes: 512 * 1024 * 1024,
} as const;

export const flattenBackground = '#ffffff';
export const thumbnailMimeType = 'image/jpeg';
const thumbnailQuality = 80;

export interface DecodeOptions {
  /** Side of the square training tensor; default 64. */
  readonly tensorSize?: number;
  /** Longest side of the thumbnail; default 256. */
  readonly thumbnailSize?: number;
  /** How the photo fits the square tensor; default 'squash'. */
  readonly fit?: Fit;
}

export interface ImageFile {
  /** SHA-256 of the file's bytes, lowercase hex. */
  readonly hash: string;
  /** The original file, to copy into the blob store. */
  readonly bytes: Buffer;
}

export interface DecodedImage {
  /** Size of the image as shown, after EXIF orientation. */
  readonly width: number;
  readonly height: number;
  readonly format: ImageFormat;
  /** JPEG (thumbnailMimeType), longest side thumbnailSize, never enlarged. */
  readonly thumbnail: Buffer;
  readonly thumbnailWidth: number;
  readonly thumbnailHeight: number;
  /** tensorSize × tensorSize × 3 bytes: RGB, row-major (HWC). */
  readonly tensor: Uint8Array;
  readonly tensorSize: number;
}

export type ProcessedImage = ImageFile & DecodedImage;

/** Reads a file and hashes it; a vanished or unreadable file becomes a BadImageError. */
export async function readImageFile(path: string): Promise<ImageFile> {
  let bytes: Buffer;
  try {
    // The size from a stat (the scan has just listed the file, so it is cached). A photo up to
    // 1 MiB is read synchronously: ~0.05 ms, where the async readFile's open, fstat, read and
    // close each wait their turn in libuv's pool behind the decodes (and cost ~0.2 ms of CPU).
    // Larger files go through the pool, so a big file on a slow drive cannot hold the loop.
    const { size } = statSync(path);
    if (size > imageLimits.maxFileBytes) {
      const megabytes = Math.round(size / 1024 / 1024);
      throw new BadImageError('too_large', `The file is too large to import (${megabytes} MB).`);
    }
    bytes = size <= syncReadBytes ? readFileSync(path) : await readFileAsync(path);
  } catch (error) {
    throw fromReadError(error);
  }
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
}

/** Reads, hashes and decodes one file. Refusals throw BadImageError (code `bad_image`). */
export async function processImage(
  path: string,
  options: DecodeOptions = {},
): Promise<ProcessedImage> {
  const file = await readImageFile(path);
  return { ...file, ...(await decodeImage(file.bytes, options)) };
}

interface Source {
  readonly input: Buffer;
  readonly inputOptions: SharpOptions;
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
}

/** Decodes image bytes into the thumbnail and tensor (see the policies at the top). */
export async function decodeImage(
  bytes: Buffer,
  options: DecodeOptions = {},
): Promise<DecodedImage> {
  const tensorSize = checkSizeOption('tensorSize', options.tensorSize ?? 64, 1, 1024);
  const thumbnailSize = checkSizeOption('thumbnailSize', options.thumbnailSize ?? 256, 16, 4096);
  if (bytes.length === 0) throw new BadImageError('empty', 'The file is empty (0 bytes).');
  const source = isBmp(bytes) ? bmpSource(bytes) : await sharpSource(bytes);
  checkDimensions(source.width, source.height);
  const workingSize = Math.max(thumbnailSize, tensorSize);
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await sharp(source.input, source.inputOptions)
      .autoOrient()
      .flatten({ background: flattenBackground })
      .toColourspace('srgb')
      .resize(workingSize, workingSize, { fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw fromDecodeError(error);
  }
  const { data, info } = decoded;
  if (info.channels !== 3) {
    throw new FoveaError('internal', `Expected 3 channels after decoding, got ${info.channels}`);
  }
  const thumbnail = encodeThumbnail(data, info.width, info.height, thumbnailSize);
  const tensor = fitRgb(data, info.width, info.height, tensorSize, options.fit ?? 'squash');
  const { buffer, width: thumbnailWidth, height: thumbnailHeight } = await thumbnail;
  return {
    width: source.width,
    height: source.height,
    format: source.format,
    thumbnail: buffer,
    thumbnailWidth,
    thumbnailHeight,
    tensor,
    tensorSize,
  };
}

async function encodeThumbnail(
  rgb: Buffer,
  width: number,
  height: number,
  size: number,
): Promise<{ buffer: Buffer; width: number; height: number }> {
  let pipeline = sharp(rgb, { raw: { width, height, channels: 3 } });
  if (Math.max(width, height) > size) pipeline = pipeline.resize(size, size, { fit: 'inside' });
  // Without optimised Huffman tables (a second pass over the coefficients, as Pillow's default
  // also skips): ~0.3 ms less per image for a thumbnail a few per cent larger, same pixels.
  const { data, info } = await pipeline
    .jpeg({ quality: thumbnailQuality, optimiseCoding: false })
    .toBuffer({ resolveWithObject: true });
  return { buffer: data, width: info.width, height: info.height };
}

const decodeOptions = {
  failOn: 'error',
  limitInputPixels: imageLimits.maxPixels,
} as const satisfies SharpOptions;

async function sharpSource(bytes: Buffer): Promise<Source> {
  const jpeg = readJpegHeader(bytes);
  if (jpeg) {
    const { width, height } = jpeg;
    return { input: bytes, inputOptions: decodeOptions, format: 'jpeg', width, height };
  }
  let metadata: Metadata;
  try {
    // The header alone (JPEG's is read in JS above): the size check below says how large, where
    // libvips would only refuse.
    metadata = await sharp(bytes, { ...decodeOptions, limitInputPixels: false }).metadata();
  } catch (error) {
    throw fromDecodeError(error);
  }
  const format = supportedFormat(metadata);
  const { width, height } = metadata.autoOrient;
  return { input: bytes, inputOptions: decodeOptions, format, width, height };
}

function bmpSource(bytes: Buffer): Source {
  const { width, height, channels, data } = decodeBmp(bytes, imageLimits.maxPixels);
  return {
    input: data,
    inputOptions: { raw: { width, height, channels } },
    format: 'bmp',
    width,
    height,
  };
}

const formatsReadAsIs: readonly string[] = ['jpeg', 'png', 'webp', 'gif', 'tiff'];

function supportedFormat(metadata: Metadata): ImageFormat {
  const { format } = metadata;
  if (formatsReadAsIs.includes(format)) return format as ImageFormat;
  if (format === 'heif') {
    if (metadata.compression === 'av1') return 'avif';
    throw new BadImageError(
      'unsupported',
      'HEIC photos (HEVC) are not supported. Export them as JPEG first.',
    );
  }
  if (format === 'svg') {
    throw new BadImageError(
      'unsupported',
      'SVG drawings are not imported. Export them as PNG first.',
    );
  }
  throw new BadImageError(
    'unsupported',
    `The ${format.toUpperCase()} format is not supported. Use JPEG, PNG, WebP, GIF, TIFF, AVIF or BMP.`,
  );
}

function checkDimensions(width: number, height: number): void {
  const { minSide, maxPixels } = imageLimits;
  if (width < minSide || height < minSide) {
    throw new BadImageError(
      'too_small',
      `The image is too small (${width}×${height} pixels); the minimum is ${minSide}×${minSide}.`,
    );
  }
  if (width * height > maxPixels) {
    throw new BadImageError(
      'too_large',
      `The image is too large (${width}×${height} pixels); the maximum is ${maxPixels / 1e6} megapixels.`,
    );
  }
}

function checkSizeOption(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new FoveaError(
      'invalid_argument',
      `${name} must be an integer from ${min} to ${max}, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Process-wide sharp settings for importing, for the composition root to call once: libvips
 * threads per call (import-threads.ts says how many), and no operation cache, which only holds
 * memory since every imported image is new.
 */
export function configureSharpForImport(threadsPerCall = 1): void {
  sharp.concurrency(threadsPerCall);
  sharp.cache(false);
}
