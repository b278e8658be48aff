import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PathGrants } from '../../main/path-grants.js';
import { startDesktopApp } from '../../main/desktop-app.js';
import type { BrowserWindow } from './fake-electron.js';
import {
  app,
  BrowserWindow as FakeWindow,
  FakeEvent,
  ipcMain,
  resetFakeElectron,
} from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

describe('PathGrants', () => {
  it('grants a chosen path and what lies inside it, nothing beside or above it', () => {
    const grants = new PathGrants();
    grants.grant(['/photos/cats', 'relative/ignored']);
    expect(grants.isGranted('/photos/cats')).toBe(true);
    expect(grants.isGranted('/photos/cats/kitten.jpg')).toBe(true);
    expect(grants.isGranted('/photos/cats/../dogs')).toBe(false);
    expect(grants.isGranted('/photos/cats-other')).toBe(false);
    expect(grants.isGranted('/photos')).toBe(false);
    expect(grants.isGranted('relative/ignored')).toBe(false);
    expect(() => grants.check(['/photos/cats/a.jpg', '/home/ada/.ssh'])).toThrow(
      expect.objectContaining({
        code: 'forbidden',
        message: expect.stringContaining('/home/ada/.ssh'),
      }),
    );
  });
});

describe('the desktop app reads only paths the user gave it', () => {
  const mainDir = join('/opt', 'Fovea', 'resources', 'app.asar', 'dist', 'main');
  let libraryDir: string;
  let window: BrowserWindow | undefined;

  beforeEach(async () => {
    resetFakeElectron();
    libraryDir = mkdtempSync(join(tmpdir(), 'fovea-grants-'));
    startDesktopApp({ mainDir, env: { FOVEA_LIBRARY: libraryDir, FOVEA_NO_SAMPLE: '1' } });
    await vi.waitFor(() => expect(FakeWindow.created).toHaveLength(1));
    window = FakeWindow.created[0];
  });

  afterEach(async () => {
    const event = new FakeEvent();
    app.emit('will-quit', event);
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    rmSync(libraryDir, { recursive: true, force: true });
  });

  const call = (method: string, args: unknown[]) =>
    ipcMain.invoke('fovea:call', window?.webContents.mainFrame ?? null, method, args);

  it('refuses imports.start with a path no dialog, drop or menu gave', async () => {
    const created = (await call('datasets.create', ['pets'])) as { value: { id: number } };
    const refused = await call('imports.start', [{ datasetId: created.value.id, paths: ['/etc'] }]);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('lets an import read a dropped path the preload reported', async () => {
    const dropped = mkdtempSync(join(tmpdir(), 'fovea-dropped-'));
    try {
      // Reported by a page that is not Fovea's: ignored.
      await ipcMain.invoke(
        'fovea:grant-dropped',
        { url: 'https://evil.example/', parent: null },
        dropped,
      );
      const created = (await call('datasets.create', ['pets'])) as { value: { id: number } };
      const request = [{ datasetId: created.value.id, paths: [dropped] }];
      expect(await call('imports.start', request)).toMatchObject({ error: { code: 'forbidden' } });
      await ipcMain.invoke('fovea:grant-dropped', window?.webContents.mainFrame ?? null, dropped);
      expect(await call('imports.start', request)).toMatchObject({ ok: true });
    } finally {
      rmSync(dropped, { recursive: true, force: true });
    }
  });
});

describe('the renderer page CSP', () => {
  it('allows no ws:// connection (the desktop app has no web socket)', () => {
    const html = readFileSync(join(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    expect(html).toMatch(/Content-Security-Policy/);
    expect(html).not.toMatch(/ws:/);
  });
});
