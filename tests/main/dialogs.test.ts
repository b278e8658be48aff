import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { chooseFoldersChannel } from '../../main/channels.js';
import { registerDialogs } from '../../main/dialogs.js';

function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcMainInvokeEvent) => unknown>();
  return {
    handlers,
    handle: vi.fn(
      (channel: string, handler: (event: IpcMainInvokeEvent) => unknown) =>
        void handlers.set(channel, handler),
    ),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
}

describe('registerDialogs', () => {
  const event = (url: string) =>
    ({ senderFrame: { url, parent: null } }) as unknown as IpcMainInvokeEvent;

  it('answers a trusted window with the chosen folders, and an empty list when cancelled', async () => {
    const ipcMain = fakeIpcMain();
    const dialog = {
      showOpenDialog: vi
        .fn()
        .mockResolvedValueOnce({ canceled: false, filePaths: ['/photos/cats'] })
        .mockResolvedValueOnce({ canceled: true, filePaths: [] }),
    };
    const chosen: (readonly string[])[] = [];
    const dispose = registerDialogs(
      ipcMain,
      dialog,
      (frame) => frame?.url === 'file:///app/index.html',
      () => ({}) as BrowserWindow,
      (paths) => chosen.push(paths),
    );
    const handler = ipcMain.handlers.get(chooseFoldersChannel);
    expect(await handler?.(event('file:///app/index.html'))).toEqual(['/photos/cats']);
    expect(await handler?.(event('file:///app/index.html'))).toEqual([]);
    // What the user chose is granted to imports; a cancelled dialog grants nothing.
    expect(chosen).toEqual([['/photos/cats']]);
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ properties: ['openDirectory', 'multiSelections'] }),
    );
    dispose();
    expect(ipcMain.handlers.has(chooseFoldersChannel)).toBe(false);
  });

  it('never opens a dialog for another page', async () => {
    const ipcMain = fakeIpcMain();
    const dialog = { showOpenDialog: vi.fn() };
    registerDialogs(
      ipcMain,
      dialog,
      () => false,
      () => null,
    );
    expect(
      await ipcMain.handlers.get(chooseFoldersChannel)?.(event('https://evil.example')),
    ).toEqual([]);
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
  });
});
