/**
 * The native "save export as" dialog: the renderer asks for a place to write an export and gets
 * the chosen path (a new folder, named by the user) or null. The sender is checked as for service
 * calls; the suggested name is sanitized to one path segment, and the export service then
 * refuses anything but a new or empty folder and writes only inside it.
 */
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent } from 'electron';
import { safeSegment } from '../app/library/common/safe-names.js';
import { chooseExportFolderChannel } from './channels.js';
import type { FrameLike } from './sender-trust.js';

export function registerExportDialog(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dialog: Pick<Dialog, 'showSaveDialog'>,
  isTrustedSender: (frame: FrameLike | null) => boolean,
  windowOf: (event: IpcMainInvokeEvent) => BrowserWindow | null,
): () => void {
  ipcMain.handle(chooseExportFolderChannel, async (event, suggested: unknown) => {
    let isTrusted = false;
    try {
      isTrusted = isTrustedSender(event.senderFrame);
    } catch {
      isTrusted = false;
    }
    if (!isTrusted) return null;
    const options = {
      title: 'Export to a new folder',
      defaultPath: safeSegment(typeof suggested === 'string' ? suggested : '', 'fovea-export'),
      buttonLabel: 'Export',
      properties: ['createDirectory', 'showOverwriteConfirmation'] as (
        'createDirectory' | 'showOverwriteConfirmation'
      )[],
    };
    const window = windowOf(event);
    const result = window
      ? await dialog.showSaveDialog(window, options)
      : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  });
  return () => ipcMain.removeHandler(chooseExportFolderChannel);
}
