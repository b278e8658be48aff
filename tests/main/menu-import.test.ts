import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate } from '../../main/menu.js';

vi.mock('electron', () => import('./fake-electron.js'));

describe('File ▸ Import Folder…', () => {
  it('sends the import-folder command to the window', () => {
    const sendCommand = vi.fn();
    const template = menuTemplate({
      version: '1',
      libraryDir: '/lib',
      platform: 'linux',
      sendCommand,
    });
    const file = template.find((item) => item.label === '&File');
    const items = (file?.submenu ?? []) as MenuItemConstructorOptions[];
    const item = items.find((each) => each.label === 'Import Folder…');
    expect(item?.accelerator).toBe('CmdOrCtrl+I');
    (item?.click as (() => void) | undefined)?.();
    expect(sendCommand).toHaveBeenCalledWith('import-folder');
  });
});
