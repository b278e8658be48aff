import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { chooseExportFolderChannel } from '../../main/channels.js';
import { registerExportDialog } from '../../main/export-dialog.js';

function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  return {
    handlers,
    handle: vi.fn(
      (channel: string, handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) =>
        void handlers.set(channel, handler),
    ),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
}

const event = (url: string) =>
  ({ senderFrame: { url, parent: null } }) as unknown as IpcMainInvokeEvent;

describe('registerExportDialog', () => {
  it('answers a trusted window with the chosen path (name sanitized), null when cancelled or untrusted', async () => {
    const ipcMain = fakeIpcMain();
    const dialog = {
      showSaveDialog: vi
        .fn()
        .mockResolvedValueOnce({ canceled: false, filePath: '/exports/pets-run1-onnx' })
        .mockResolvedValueOnce({ canceled: true, filePath: '' }),
    };
    const dispose = registerExportDialog(
      ipcMain,
      dialog,
      (frame) => frame?.url === 'file:///app/index.html',
      () => ({}) as BrowserWindow,
    );
    const handler = ipcMain.handlers.get(chooseExportFolderChannel)!;
    expect(await handler(event('file:///app/index.html'), '../pets/run:1')).toBe(
      '/exports/pets-run1-onnx',
    );
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ defaultPath: '_pets_run_1' }),
    );
    expect(await handler(event('file:///app/index.html'), 'x')).toBeNull();
    expect(await handler(event('https://evil.example/'), 'x')).toBeNull();
    expect(dialog.showSaveDialog).toHaveBeenCalledTimes(2);
    dispose();
    expect(ipcMain.handlers.has(chooseExportFolderChannel)).toBe(false);
  });
});
