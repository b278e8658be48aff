import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, statfs, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FoveaError } from '../../base/common/errors.js';
import {
  maxUploadBytes,
  maxUploadFileBytes,
  uploadDiskReserveBytes,
} from '../common/upload-limits.js';

export interface UploadedFile {
  /** The path relative to what was dropped, e.g. `train/cat/cat_0001.jpg`. */
  readonly path: string;
  readonly data: ArrayBuffer | Uint8Array;
}

export interface UploadStoreOptions {
  readonly now?: () => number;
  /** Bytes free on the disk holding `root`; statfs by default. */
  readonly freeBytes?: (root: string) => Promise<number>;
  readonly maxUploadBytes?: number;
  readonly maxFileBytes?: number;
}

interface UploadState {
  bytes: number;
  touchedAt: number;
  /** An import started from it: it is the import's to remove. */
  isClaimed: boolean;
}

/**
 * Web mode cannot hand the server real file paths, so dropped files are uploaded into a staging
 * folder of the library (`uploads/<id>/<relative path>`), imported from there like a dropped
 * folder, and removed afterwards. Each upload is capped, never fills the disk, and expires when no
 * import takes it up (a closed tab leaves its upload behind).
 */
export class UploadStore {
  readonly #root: string;
  readonly #uploads = new Map<string, UploadState>();
  readonly #now: () => number;
  readonly #freeBytes: (root: string) => Promise<number>;
  readonly #maxUploadBytes: number;
  readonly #maxFileBytes: number;

  constructor(root: string, options: UploadStoreOptions = {}) {
    this.#root = root;
    this.#now = options.now ?? Date.now;
    this.#freeBytes = options.freeBytes ?? diskFreeBytes;
    this.#maxUploadBytes = options.maxUploadBytes ?? maxUploadBytes;
    this.#maxFileBytes = options.maxFileBytes ?? maxUploadFileBytes;
  }

  async begin(): Promise<string> {
    const id = randomBytes(8).toString('hex');
    await mkdir(this.dir(id), { recursive: true });
    this.#uploads.set(id, { bytes: 0, touchedAt: this.#now(), isClaimed: false });
    return id;
  }

  dir(id: string): string {
    if (!/^[0-9a-f]{16}$/.test(id))
      throw new FoveaError('invalid_argument', `Not an upload id: ${id}`);
    return join(this.#root, id);
  }

  async add(id: string, files: readonly UploadedFile[]): Promise<void> {
    const root = this.dir(id);
    const upload = this.#open(id);
    const bytes = await this.#checkRoom(upload, files);
    upload.touchedAt = this.#now();
    upload.bytes += bytes;
    for (const file of files) {
      const target = join(root, ...safeSegments(file.path));
      await mkdir(dirname(target), { recursive: true });
      const data = file.data instanceof Uint8Array ? file.data : new Uint8Array(file.data);
      await writeFile(target, data);
    }
  }

  /** Hands an upload to an import: it no longer expires, and the import removes it. */
  claim(id: string): void {
    this.#open(id).isClaimed = true;
  }

  /** The top-level entries of an upload, as the paths an import starts from. */
  async roots(id: string): Promise<string[]> {
    const root = this.dir(id);
    return (await readdir(root)).map((name) => join(root, name));
  }

  async remove(id: string): Promise<void> {
    this.#uploads.delete(id);
    await rm(this.dir(id), { recursive: true, force: true });
  }

  /** Removes uploads no import took up within `idleMs` of their last file; returns how many. */
  async expire(idleMs: number): Promise<number> {
    const cutoff = this.#now() - idleMs;
    const idle = [...this.#uploads].filter(([, u]) => !u.isClaimed && u.touchedAt < cutoff);
    for (const [id] of idle) await this.remove(id);
    return idle.length;
  }

  /** Uploads left by an earlier session; only the library's owner calls it, at open. */
  async clear(): Promise<void> {
    this.#uploads.clear();
    await rm(this.#root, { recursive: true, force: true });
  }

  #open(id: string): UploadState {
    const upload = this.#uploads.get(id);
    if (!upload)
      throw new FoveaError(
        'not_found',
        'This upload is gone (it expired, or the server restarted). Drop the files again.',
      );
    return upload;
  }

  async #checkRoom(upload: UploadState, files: readonly UploadedFile[]): Promise<number> {
    let bytes = 0;
    for (const file of files) {
      if (file.data.byteLength > this.#maxFileBytes)
        throw new FoveaError(
          'invalid_argument',
          `${file.path} is larger than ${mebibytes(this.#maxFileBytes)}, the most one uploaded file may hold.`,
        );
      bytes += file.data.byteLength;
    }
    if (upload.bytes + bytes > this.#maxUploadBytes)
      throw new FoveaError(
        'invalid_argument',
        `One upload holds at most ${mebibytes(this.#maxUploadBytes)}; import the folders in parts.`,
      );
    const free = await this.#freeBytes(this.#root);
    if (free - bytes < uploadDiskReserveBytes)
      throw new FoveaError(
        'disk_full',
        `The disk holding the library has ${mebibytes(free)} free; this upload would fill it. Free some space and try again.`,
      );
    return bytes;
  }
}

async function diskFreeBytes(root: string): Promise<number> {
  await mkdir(root, { recursive: true });
  const stats = await statfs(root);
  return stats.bavail * stats.bsize;
}

function mebibytes(bytes: number): string {
  return `${Math.floor(bytes / (1024 * 1024))} MiB`;
}

/** The segments of a relative upload path; refuses anything that could leave the upload folder. */
export function safeSegments(path: string): string[] {
  const segments = path.normalize('NFC').split('/');
  const isSafe =
    segments.length > 0 &&
    segments.every(
      (s) => s !== '' && s !== '.' && s !== '..' && !/[\\\0]/.test(s) && !/^[a-zA-Z]:$/.test(s),
    );
  if (!isSafe) throw new FoveaError('invalid_argument', `Refusing the upload path "${path}".`);
  return segments;
}
