/**
 * The folders of saved models in the library (`models/<runId>/`): where a run's model goes, and
 * removing the folders of runs that are gone (a deleted run, or a deleted dataset's runs).
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunId } from '../../engine/common/run-id.js';
import type { ModelStore } from '../../library/node/stores.js';

export class ModelFolders {
  readonly #root: string;

  constructor(
    private readonly libraryDir: string,
    private readonly models: ModelStore,
  ) {
    this.#root = join(libraryDir, 'models');
  }

  /** Where a run's model is saved, relative to the library (as the models table keeps it). */
  pathOf(runId: RunId): string {
    return `models/${runId}`;
  }

  /** The absolute folder of a path the models table holds. */
  resolve(path: string): string {
    return join(this.libraryDir, path);
  }

  /** The folder of a run's saved model, if it has one. */
  dirOf(runId: RunId): string | null {
    const saved = this.models.get(runId);
    return saved ? this.resolve(saved.path) : null;
  }

  async remove(dir: string): Promise<void> {
    await rm(dir, { recursive: true, force: true });
  }

  /** Removes model folders whose run is gone. */
  async collect(): Promise<void> {
    const names = await readdir(this.#root).catch((error: NodeJS.ErrnoException) => {
      // No model was ever saved in this library.
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const live = this.models.paths();
    for (const name of names)
      if (/^\d+$/.test(name) && !live.has(`models/${name}`))
        await this.remove(join(this.#root, name));
  }
}
