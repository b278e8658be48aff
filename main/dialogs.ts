/**
 * Native dialogs the renderer may ask for: choosing folders to import. The sender is checked as
 * for service calls; the answer is the chosen paths (empty when cancelled).
 */
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent } from 'electron';
import { chooseFoldersChannel } from './channels.js';
import type { FrameLike } from './sender-trust.js';

export function registerDialogs(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dialog: Pick<Dialog, 'showOpenDialog'>,
  isTrustedSender: (frame: FrameLike | null) => boolean,
  windowOf: (event: IpcMainInvokeEvent) => BrowserWindow | null,
  /** Told the folders the user chose, so imports may read them (main/path-grants.ts). */
  onChosen: (paths: readonly string[]) => void = () => {},
): () => void {
  ipcMain.handle(chooseFoldersChannel, async (event) => {
    let isTrusted = false;
    try {
      isTrusted = isTrustedSender(event.senderFrame);
    } catch {
      isTrusted = false;
    }
    if (!isTrusted) return [];
    const options = {
      title: 'Import folders',
      properties: ['openDirectory', 'multiSelections'] as ('openDirectory' | 'multiSelections')[],
    };
    const window = windowOf(event);
    const result = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    if (result.canceled) return [];
    onChosen(result.filePaths);
    return result.filePaths;
  });
  return () => ipcMain.removeHandler(chooseFoldersChannel);
}
