/**
 * The application menu. macOS keeps About and Quit in the app menu, as its users expect; the other
 * platforms get them under Help and File.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { app, dialog, Menu, shell } from 'electron';

export interface MenuOptions {
  readonly version: string;
  readonly libraryDir: string;
  readonly platform: NodeJS.Platform;
  /** Asks the focused window to run a renderer command (e.g. 'import-folder'). */
  readonly sendCommand?: (command: MenuCommand) => void;
}

export type MenuCommand = 'import-folder';

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const about: MenuItemConstructorOptions = { role: 'about', label: 'About Fovea' };
  const openLibrary: MenuItemConstructorOptions = {
    label: 'Open Library Folder',
    click: () => openLibraryFolder(options.libraryDir),
  };
  return [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    {
      label: '&File',
      submenu: [
        ...(options.sendCommand
          ? [
              {
                label: 'Import Folder…',
                accelerator: 'CmdOrCtrl+I',
                click: () => options.sendCommand?.('import-folder'),
              },
              { type: 'separator' } satisfies MenuItemConstructorOptions,
            ]
          : []),
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: isMac ? [openLibrary] : [openLibrary, { type: 'separator' }, about],
    },
  ];
}

export function installMenu(options: MenuOptions): void {
  app.setAboutPanelOptions({
    applicationName: 'Fovea',
    applicationVersion: options.version,
    version: options.version,
    copyright: 'MIT License',
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options)));
}

function openLibraryFolder(libraryDir: string): void {
  void shell.openPath(libraryDir).then((failure) => {
    if (failure)
      dialog.showErrorBox('Fovea', `Cannot open the library folder ${libraryDir}: ${failure}`);
  });
}
