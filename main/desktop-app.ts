/**
 * The desktop app's lifetime: one instance per user, the services over one library, the IPC
 * transport, the menu and the window; the services close before the process exits.
 *
 *   start ─► lock refused ─► quit (the first instance focuses its window)
 *         └► ready ─► services + IPC + media protocol + menu + window (+ first-start sample)
 *                 ─► will-quit ─► IPC and protocol removed, services closed ─► exit
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, utilityProcess } from 'electron';
import { ChannelEngineHost } from '../app/engine/common/engine-host.js';
import { join, resolve } from 'node:path';
import { mediaResolver } from '../app/services/node/media.js';
import { importSampleOnFirstStart } from '../app/services/node/sample-dataset.js';
import { openServices } from '../app/services/node/services.js';
import { menuChannel } from './channels.js';
import { registerDialogs } from './dialogs.js';
import { registerExportDialog } from './export-dialog.js';
import { UtilityProcessChannel } from './engine-channel.js';
import { registerIpc } from './ipc.js';
import { guardImports, PathGrants, registerDropGrants } from './path-grants.js';
import { mediaBase, mediaSchemePrivileges, serveMedia } from './media-protocol.js';
import { installMenu } from './menu.js';
import { rendererSenderTrust } from './sender-trust.js';
import { cameraOnlyPermissions } from './permissions.js';
import { createMainWindow } from './window.js';

export interface DesktopAppOptions {
  /** The folder of the built main bundle: dist/main, holding preload.cjs next to it. */
  readonly mainDir: string;
  readonly env: NodeJS.ProcessEnv;
}

export function libraryDirFor(env: NodeJS.ProcessEnv, userData: string): string {
  const fromEnv = env['FOVEA_LIBRARY'];
  return fromEnv ? resolve(fromEnv) : userData;
}

/** The bundled backbones: dist/backbones, beside the main bundle's dist/main (in app.asar too). */
export function bundledBackbonesDirFor(mainDir: string): string {
  return join(mainDir, '..', 'backbones');
}

export function startDesktopApp(options: DesktopAppOptions): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Must happen before 'ready'.
  protocol.registerSchemesAsPrivileged([mediaSchemePrivileges]);
  const preloadPath = join(options.mainDir, 'preload.cjs');
  const rendererIndexPath = join(options.mainDir, '..', 'renderer', 'index.html');
  let window: BrowserWindow | undefined;
  let shutdown: (() => Promise<void>) | undefined;
  let isShutDown = false;

  const showWindow = (): void => {
    if (window === undefined || window.isDestroyed()) {
      window = createMainWindow({ preloadPath, rendererIndexPath });
      return;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  app.on('second-instance', () => {
    if (app.isReady()) showWindow();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) showWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    if (isShutDown || shutdown === undefined) return;
    event.preventDefault();
    const closing = shutdown;
    shutdown = undefined;
    closing()
      .catch((error: unknown) => console.error('Fovea could not close its library cleanly:', error))
      .finally(() => {
        isShutDown = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(async () => {
      const libraryDir = libraryDirFor(options.env, app.getPath('userData'));
      const version = app.getVersion();
      const enginePath = join(options.mainDir, '..', 'engine.js');
      const services = await openServices({
        libraryDir,
        mode: 'electron',
        access: 'write',
        version,
        mediaBase,
        backbonesDir: bundledBackbonesDirFor(options.mainDir),
        ...(options.env['FOVEA_BACKBONE_BASE_URL'] === undefined
          ? {}
          : { backboneBaseUrl: options.env['FOVEA_BACKBONE_BASE_URL'] }),
        createEngineHost: () =>
          new ChannelEngineHost(
            () => new UtilityProcessChannel((...args) => utilityProcess.fork(...args), enginePath),
            {
              delay: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
            },
          ),
      });
      const stopMedia = serveMedia(protocol, mediaResolver(services));
      const grants = new PathGrants();
      const disposeIpc = registerIpc(
        ipcMain,
        guardImports(services.handlers, grants),
        services.events,
        rendererSenderTrust(rendererIndexPath),
        () => BrowserWindow.getAllWindows().map((each) => each.webContents),
      );
      const disposeDialogs = registerDialogs(
        ipcMain,
        dialog,
        rendererSenderTrust(rendererIndexPath),
        (event) => BrowserWindow.fromWebContents(event.sender),
        (paths) => grants.grant(paths),
      );
      const disposeDropGrants = registerDropGrants(
        ipcMain,
        grants,
        rendererSenderTrust(rendererIndexPath),
      );
      const disposeExportDialog = registerExportDialog(
        ipcMain,
        dialog,
        rendererSenderTrust(rendererIndexPath),
        (event) => BrowserWindow.fromWebContents(event.sender),
      );
      shutdown = async () => {
        disposeIpc();
        disposeDialogs();
        disposeDropGrants();
        disposeExportDialog();
        stopMedia();
        await services.close();
      };
      cameraOnlyPermissions(session.defaultSession, rendererIndexPath);
      installMenu({
        version,
        libraryDir,
        platform: process.platform,
        sendCommand: (command) =>
          BrowserWindow.getFocusedWindow()?.webContents.send(menuChannel, command),
      });
      showWindow();
      if (options.env['FOVEA_NO_SAMPLE'] !== '1') {
        // A new user's first start: a ready-to-train sample dataset, as in web mode.
        importSampleOnFirstStart(services).catch((error: unknown) => {
          console.error('Fovea could not import its sample dataset:', error);
        });
      }
    })
    .catch((error: unknown) => {
      // Before a window exists this dialog is the only way to tell the user (newer database,
      // unwritable library folder…).
      const message = error instanceof Error ? error.message : String(error);
      dialog.showErrorBox('Fovea cannot start', message);
      app.exit(1);
    });
}
