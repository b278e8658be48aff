import { beforeAll, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { chooseFoldersChannel, grantDroppedChannel, menuChannel } from '../../main/channels.js';
import type { DesktopBridge } from '../../renderer/lib/desktop.js';
import { ipcRenderer, mainWorld } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

let desktop: DesktopBridge;

beforeAll(async () => {
  await import('../../main/preload/index.js');
  desktop = mainWorld['foveaDesktop'] as DesktopBridge;
});

describe('window.foveaDesktop', () => {
  it('gives the real path of a dropped file, and reports it to main as granted', () => {
    ipcRenderer.invoke.mockResolvedValueOnce(null);
    expect(desktop.pathForFile({ name: 'cat.jpg' } as File)).toBe('/dropped/cat.jpg');
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(grantDroppedChannel, '/dropped/cat.jpg');
  });

  it('asks main for the folder dialog', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce(['/photos']);
    await expect(desktop.chooseFolders()).resolves.toEqual(['/photos']);
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(chooseFoldersChannel);
  });

  it('delivers menu commands until unsubscribed', () => {
    const seen: string[] = [];
    const stop = desktop.onMenuCommand((command) => seen.push(command));
    ipcRenderer.emit(menuChannel, {}, 'import-folder');
    ipcRenderer.emit(menuChannel, {}, 42);
    stop();
    ipcRenderer.emit(menuChannel, {}, 'import-folder');
    expect(seen).toEqual(['import-folder']);
  });
});
