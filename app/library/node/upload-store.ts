import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FoveaError } from '../../base/common/errors.js';

export interface UploadedFile {
  /** The path relative to what was dropped, e.g. `train/cat/cat_0001.jpg`. */
  readonly path: string;
  readonly data: ArrayBuffer | Uint8Array;
}

/**
 * Web mode cannot hand the server real file paths, so dropped files are uploaded into a staging
 * folder of the library (`uploads/<id>/<relative path>`), imported from there like a dropped
 * folder, and removed afterwards.
 */
export class UploadStore {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  async begin(): Promise<string> {
    const id = randomBytes(8).toString('hex');
    await mkdir(this.dir(id), { recursive: true });
    return id;
  }

  dir(id: string): string {
    if (!/^[0-9a-f]{16}$/.test(id))
      throw new FoveaError('invalid_argument', `Not an upload id: ${id}`);
    return join(this.#root, id);
  }

  async add(id: string, files: readonly UploadedFile[]): Promise<void> {
    const root = this.dir(id);
    for (const file of files) {
      const target = join(root, ...safeSegments(file.path));
      await mkdir(dirname(target), { recursive: true });
      const bytes = file.data instanceof Uint8Array ? file.data : new Uint8Array(file.data);
      await writeFile(target, bytes);
    }
  }

  /** The top-level entries of an upload, as the paths an import starts from. */
  async roots(id: string): Promise<string[]> {
    const root = this.dir(id);
    return (await readdir(root)).map((name) => join(root, name));
  }

  async remove(id: string): Promise<void> {
    await rm(this.dir(id), { recursive: true, force: true });
  }

  /** Uploads left by a stopped server. */
  async clear(): Promise<void> {
    await rm(this.#root, { recursive: true, force: true });
  }
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
