import type { MenuItemConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installMenu, menuTemplate } from '../../main/menu.js';
import { app, dialog, Menu, resetFakeElectron, shell } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const options = {
  version: '1.2.3',
  libraryDir: '/home/ada/.config/Fovea',
  platform: 'linux',
} as const;

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? items(item.submenu) : []),
  ]);
}

function findItem(
  template: MenuItemConstructorOptions[],
  label: string,
): MenuItemConstructorOptions {
  const item = items(template).find((each) => each.label === label);
  if (!item) throw new Error(`No menu item ${label}.`);
  return item;
}

beforeEach(() => {
  resetFakeElectron();
});

describe('application menu', () => {
  it('has File, Edit, View, Window and Help', () => {
    const top = menuTemplate(options).map((item) => item.label ?? item.role);
    expect(top).toEqual(['&File', 'editMenu', '&View', 'windowMenu', 'help']);
    expect(menuTemplate({ ...options, platform: 'darwin' })[0]).toEqual({ role: 'appMenu' });
  });

  it('offers reload, devtools, zoom and full screen under View', () => {
    const view = findItem(menuTemplate(options), '&View').submenu as MenuItemConstructorOptions[];
    const roles = view.map((item) => item.role).filter(Boolean);
    expect(roles).toEqual(
      expect.arrayContaining([
        'reload',
        'toggleDevTools',
        'zoomIn',
        'zoomOut',
        'resetZoom',
        'togglefullscreen',
      ]),
    );
  });

  it('has no item that does nothing', () => {
    for (const item of items(menuTemplate(options))) {
      const does =
        item.role ??
        item.click ??
        item.submenu ??
        (item.type === 'separator' ? 'separator' : undefined);
      expect(does, item.label).toBeDefined();
    }
  });

  it('opens the library folder', async () => {
    const open = findItem(menuTemplate(options), 'Open Library Folder');
    (open.click as () => void)();
    expect(shell.openPath).toHaveBeenCalledExactlyOnceWith('/home/ada/.config/Fovea');
    shell.openPath.mockResolvedValueOnce('No application is registered.');
    (open.click as () => void)();
    await vi.waitFor(() => expect(dialog.showErrorBox).toHaveBeenCalledOnce());
  });

  it('installs itself with the version in the About panel', () => {
    installMenu(options);
    expect(app.setAboutPanelOptions).toHaveBeenCalledWith(
      expect.objectContaining({ applicationVersion: '1.2.3' }),
    );
    expect(Menu.setApplicationMenu).toHaveBeenCalledOnce();
    expect(findItem(menuTemplate(options), 'About Fovea').role).toBe('about');
  });
});
