/**
 * The preload: builds `window.fovea` from the contract over Electron IPC. It runs sandboxed and
 * is bundled to CommonJS (scripts/build.js), so it may require nothing but 'electron'.
 *
 * contextBridge proxies functions both ways, so `fovea.on(event, listener)` works across it: the
 * page's listener becomes a proxy kept in the transport's set, and the returned unsubscribe
 * function becomes a proxy that deletes exactly that entry. What the bridge does not carry is an
 * error's own properties: a rejected promise reaches the page as a plain Error with its message
 * only (electron/electron#25596), so a FoveaError thrown here loses its `code`. `foveaTransport`
 * is exposed for that reason: a page that builds its client with
 * `createClient(window.foveaTransport)` receives envelopes (plain data, copied intact) and throws
 * its FoveaErrors in its own world, code included.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import {
  chooseExportFolderChannel,
  chooseFoldersChannel,
  grantDroppedChannel,
  menuChannel,
} from '../channels.js';
import { createClient } from '../../app/ipc/common/client.js';
import { createIpcTransport } from './ipc-transport.js';

const transport = createIpcTransport(ipcRenderer);
contextBridge.exposeInMainWorld('fovea', createClient(transport));
contextBridge.exposeInMainWorld('foveaTransport', transport);
// What only the desktop app can do: real paths of dropped files, and the native folder dialog.
contextBridge.exposeInMainWorld('foveaDesktop', {
  // The path is also granted to imports in main (main/path-grants.ts); the invoke goes out before
  // the page's imports.start on the same ordered channel, so main knows it first.
  pathForFile: (file: File): string => {
    const path = webUtils.getPathForFile(file);
    if (path !== '') ipcRenderer.invoke(grantDroppedChannel, path).catch(() => undefined);
    return path;
  },
  chooseFolders: (): Promise<string[]> =>
    ipcRenderer.invoke(chooseFoldersChannel) as Promise<string[]>,
  chooseExportFolder: (suggested: string): Promise<string | null> =>
    ipcRenderer.invoke(chooseExportFolderChannel, suggested) as Promise<string | null>,
  onMenuCommand: (listener: (command: string) => void): (() => void) => {
    const forward = (_event: unknown, command: unknown): void => {
      if (typeof command === 'string') listener(command);
    };
    ipcRenderer.on(menuChannel, forward);
    return () => ipcRenderer.off(menuChannel, forward);
  },
});
