/**
 * Classifies files with a saved model: each file is read, hashed (to find it in the library) and
 * decoded exactly as an import decodes it (`decodeImage` at the model's input size, with the
 * import's working size, so a file scores the same here as its stored tensor does in Evaluate);
 * the tensors go to the engine in batches. A file that cannot be read is refused with its reason
 * and the rest go on; a cancel stops between batches and keeps what is done.
 */
import sharp from 'sharp';
import { argMax } from '../../engine/common/evaluation.js';
import { toErrorInfo } from '../../base/common/errors.js';
import type { FoundFile } from '../../images/node/image-files.js';
import type { DecodeOptions } from '../../images/node/process-image.js';
import { decodeImage, readImageFile } from '../../images/node/process-image.js';
import type {
  ClassifiedFile,
  LibraryMatch,
  RefusedFile,
} from '../../library/common/classification.js';

/** Images per engine call: large enough to keep the engine busy, small enough to show progress. */
export const classifyBatchSize = 32;
/** Longest side of the thumbnails shown in the table. */
const thumbnailSide = 64;

export interface ClassifierDependencies {
  /** `count` uint8 RGB images of size² → count × classes probabilities. */
  readonly predict: (pixels: Uint8Array, count: number) => Promise<Float32Array>;
  readonly locate: (hash: string) => LibraryMatch | undefined;
}

export interface ClassifyFilesOptions {
  readonly size: number;
  /**
   * How files are decoded, as the model's stored tensors were: the import's way (with the run's
   * fit) or a backbone's.
   */
  readonly decode?: DecodeOptions | undefined;
  readonly classes: number;
  readonly concurrency: number;
  readonly isThumbnailWanted: boolean;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((done: number) => void) | undefined;
}

export interface ClassifiedFiles {
  readonly items: ClassifiedFile[];
  readonly refused: RefusedFile[];
  readonly isCancelled: boolean;
}

interface Decoded {
  readonly file: FoundFile;
  readonly tensor: Uint8Array;
  readonly known: LibraryMatch | null;
  readonly thumbnail: Uint8Array | undefined;
}

export async function classifyFiles(
  deps: ClassifierDependencies,
  files: readonly FoundFile[],
  options: ClassifyFilesOptions,
): Promise<ClassifiedFiles> {
  const items: ClassifiedFile[] = [];
  const refused: RefusedFile[] = [];
  let done = 0;
  for (let start = 0; start < files.length; start += classifyBatchSize) {
    if (options.signal?.aborted) return { items, refused, isCancelled: true };
    const chunk = files.slice(start, start + classifyBatchSize);
    const decoded = await decodeAll(deps, chunk, options, refused);
    if (decoded.length > 0) items.push(...(await predictAll(deps, decoded, options)));
    done += chunk.length;
    options.onProgress?.(done);
  }
  return { items, refused, isCancelled: false };
}

/** Decodes a chunk with `concurrency` files in flight; refusals are collected, in file order. */
async function decodeAll(
  deps: ClassifierDependencies,
  chunk: readonly FoundFile[],
  options: ClassifyFilesOptions,
  refused: RefusedFile[],
): Promise<Decoded[]> {
  const results: (Decoded | RefusedFile)[] = new Array<Decoded | RefusedFile>(chunk.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < chunk.length; index = next++) {
      const file = chunk[index]!;
      results[index] = await decodeOne(deps, file, options).catch(
        (error: unknown): RefusedFile => ({ file: file.name, message: toErrorInfo(error).message }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  const decoded: Decoded[] = [];
  for (const result of results) {
    if ('tensor' in result) decoded.push(result);
    else refused.push(result);
  }
  return decoded;
}

async function decodeOne(
  deps: ClassifierDependencies,
  file: FoundFile,
  options: ClassifyFilesOptions,
): Promise<Decoded | RefusedFile> {
  if (file.refusal !== null) return { file: file.name, message: file.refusal };
  const { bytes, hash } = await readImageFile(file.path);
  const image = await decodeImage(bytes, { ...options.decode, tensorSize: options.size });
  const thumbnail = options.isThumbnailWanted
    ? new Uint8Array(
        await sharp(image.thumbnail)
          .resize(thumbnailSide, thumbnailSide, { fit: 'inside', withoutEnlargement: true })
          .jpeg({ quality: 75 })
          .toBuffer(),
      )
    : undefined;
  return { file, tensor: image.tensor, known: deps.locate(hash) ?? null, thumbnail };
}

async function predictAll(
  deps: ClassifierDependencies,
  decoded: readonly Decoded[],
  options: ClassifyFilesOptions,
): Promise<ClassifiedFile[]> {
  const imageBytes = options.size * options.size * 3;
  const pixels = new Uint8Array(decoded.length * imageBytes);
  decoded.forEach((image, index) => pixels.set(image.tensor, index * imageBytes));
  const probabilities = await deps.predict(pixels, decoded.length);
  return decoded.map((image, index) => {
    const row = Array.from(
      probabilities.subarray(index * options.classes, (index + 1) * options.classes),
    );
    const classIndex = argMax(row);
    return {
      file: image.file.name,
      classIndex,
      probability: row[classIndex] ?? 0,
      probabilities: row,
      thumbnail: image.thumbnail,
      known: image.known,
    };
  });
}
