/**
 * The paths the user gave the app: folders chosen in the import dialog (also what the menu's
 * Import Folder opens) and files or folders dropped on the window. Main remembers them, and
 * `imports.start` reads only paths that are, or lie inside, one of them: a page that went wrong
 * cannot ask for ~/.ssh. Dropped paths come from the preload, which reads them with
 * `webUtils.getPathForFile` from the File the drop delivered; a page cannot make such a File up
 * (a File built in the page has no path), and it has no other way to reach the channel.
 */
import type { IpcMain } from 'electron';
import { isAbsolute, relative, resolve } from 'node:path';
import { FoveaError } from '../app/base/common/errors.js';
import type { Handlers } from '../app/ipc/common/contract.js';
import { grantDroppedChannel } from './channels.js';
import type { FrameLike } from './sender-trust.js';

export class PathGrants {
  readonly #granted = new Set<string>();

  grant(paths: Iterable<string>): void {
    for (const path of paths) if (isAbsolute(path)) this.#granted.add(resolve(path));
  }

  isGranted(path: string): boolean {
    if (!isAbsolute(path)) return false;
    const target = resolve(path);
    for (const granted of this.#granted) {
      const inside = relative(granted, target);
      if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) return true;
    }
    return false;
  }

  /** Throws `forbidden` naming the first path the user did not give. */
  check(paths: readonly string[]): void {
    const refused = paths.find((path) => !this.isGranted(path));
    if (refused !== undefined)
      throw new FoveaError(
        'forbidden',
        `Fovea reads only what you chose (a dialog, a drop, the menu); ${refused} was not chosen.`,
      );
  }
}

/**
 * The methods that read files by path (import, its preview, classify a folder) read only granted
 * paths; uploads are web mode's and pass unchanged.
 */
export function guardImports(handlers: Handlers, grants: PathGrants): Handlers {
  const { 'imports.start': start, 'imports.preview': preview } = handlers;
  const classify = handlers['classify.start'];
  return {
    ...handlers,
    'imports.start': (request) => {
      if (request.paths !== undefined) grants.check(request.paths);
      return start(request);
    },
    'imports.preview': (request) => {
      if (request.paths !== undefined) grants.check(request.paths);
      return preview(request);
    },
    'classify.start': (request) => {
      if (request.paths !== undefined) grants.check(request.paths);
      return classify(request);
    },
  };
}

/** Receives the paths of dropped files from the preload; the returned function removes it. */
export function registerDropGrants(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  grants: PathGrants,
  isTrustedSender: (frame: FrameLike | null) => boolean,
): () => void {
  ipcMain.handle(grantDroppedChannel, (event, path: unknown) => {
    let isTrusted = false;
    try {
      isTrusted = isTrustedSender(event.senderFrame);
    } catch {
      isTrusted = false;
    }
    if (isTrusted && typeof path === 'string') grants.grant([path]);
    return null;
  });
  return () => ipcMain.removeHandler(grantDroppedChannel);
}
