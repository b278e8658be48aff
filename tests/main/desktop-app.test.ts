import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { libraryDirFor, startDesktopApp } from '../../main/desktop-app.js';
import type { BrowserWindow } from './fake-electron.js';
import {
  app,
  BrowserWindow as FakeWindow,
  dialog,
  FakeEvent,
  ipcMain,
  Menu,
  protocol,
  resetFakeElectron,
  session,
} from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const mainDir = join('/opt', 'Fovea', 'resources', 'app.asar', 'dist', 'main');
let libraryDir: string;

async function start(): Promise<BrowserWindow | undefined> {
  startDesktopApp({ mainDir, env: { FOVEA_LIBRARY: libraryDir, FOVEA_NO_SAMPLE: '1' } });
  await vi.waitFor(() => expect(FakeWindow.created).toHaveLength(1));
  return FakeWindow.created[0];
}

async function quit(): Promise<void> {
  const event = new FakeEvent();
  app.emit('will-quit', event);
  expect(event.isDefaultPrevented).toBe(true);
  await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
}

beforeEach(() => {
  resetFakeElectron();
  libraryDir = mkdtempSync(join(tmpdir(), 'fovea-desktop-'));
});

afterEach(() => {
  rmSync(libraryDir, { recursive: true, force: true });
});

describe('desktop app', () => {
  it('quits at once when another instance holds the lock', async () => {
    app.hasLock = false;
    startDesktopApp({ mainDir, env: { FOVEA_LIBRARY: libraryDir, FOVEA_NO_SAMPLE: '1' } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.quit).toHaveBeenCalledOnce();
    expect(FakeWindow.created).toEqual([]);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('opens the services on the library, the IPC, the menu and the window', async () => {
    const window = await start();
    expect(window?.loadedFile).toBe(join(mainDir, '..', 'renderer', 'index.html'));
    expect(window?.options['webPreferences']).toMatchObject({
      preload: join(mainDir, 'preload.cjs'),
    });
    expect(Menu.setApplicationMenu).toHaveBeenCalledOnce();
    expect(session.defaultSession.permissionCheckHandler).not.toBeNull();

    const info = await ipcMain.invoke(
      'fovea:call',
      window?.webContents.mainFrame ?? null,
      'app.info',
      [],
    );
    expect(info).toEqual({
      ok: true,
      value: {
        version: '9.8.7',
        mode: 'electron',
        libraryPath: libraryDir,
        mediaBase: 'fovea-media://library/',
        damage: null,
      },
    });
    expect(protocol.privileged).toEqual([expect.objectContaining({ scheme: 'fovea-media' })]);
    const missing = await protocol.handlers.get('fovea-media')?.(
      new Request('fovea-media://library/thumbnails/1'),
    );
    expect(missing?.status).toBe(404);
    await quit();
  });

  it('passes the bundled backbones beside its bundle to the services', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'fovea-desktop-dist-'));
    try {
      const bundled = join(dist, 'backbones', 'mobilenet-v2');
      mkdirSync(bundled, { recursive: true });
      writeFileSync(join(bundled, 'model.json'), '{}');
      writeFileSync(join(bundled, 'backbone.json'), '{}');
      startDesktopApp({
        mainDir: join(dist, 'main'),
        env: { FOVEA_LIBRARY: libraryDir, FOVEA_NO_SAMPLE: '1' },
      });
      await vi.waitFor(() => expect(FakeWindow.created).toHaveLength(1));
      const frame = FakeWindow.created[0]?.webContents.mainFrame ?? null;
      const listed = (await ipcMain.invoke('fovea:call', frame, 'backbones.list', [])) as {
        value: { id: string; isAvailable: boolean }[];
      };
      expect(listed.value.map((choice) => [choice.id, choice.isAvailable])).toEqual([
        ['mobilenet-v2', true],
        ['mobilenet-v2-imagenet', false],
        ['mobilenet-v1-imagenet', false],
      ]);
      await quit();
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('sends service events to the window', async () => {
    const window = await start();
    const created = await ipcMain.invoke(
      'fovea:call',
      window?.webContents.mainFrame ?? null,
      'datasets.create',
      ['pets'],
    );
    expect(created).toMatchObject({ ok: true });
    expect(window?.webContents.sent).toEqual([
      ['fovea:event', 'library.changed', { datasetId: expect.any(Number) }],
    ]);
    await quit();
  });

  it('focuses the first window when a second instance starts', async () => {
    const window = await start();
    window?.emit('ready-to-show');
    if (window) window.isMinimizedFlag = true;
    app.emit('second-instance', new FakeEvent(), ['fovea'], '/home');
    expect(window?.calls).toEqual(['show', 'restore', 'show', 'focus']);
    expect(FakeWindow.created).toHaveLength(1);
    await quit();
  });

  it('removes the IPC and closes the library before quitting', async () => {
    const window = await start();
    await quit();
    expect(ipcMain.handlers.size).toBe(0);
    expect(protocol.handlers.size).toBe(0);
    // Quitting again goes through: the services are closed once.
    const again = new FakeEvent();
    app.emit('will-quit', again);
    expect(again.isDefaultPrevented).toBe(false);
    expect(window).toBeDefined();
  });

  it('tells the user and exits when the library cannot be opened', async () => {
    const notAFolder = join(libraryDir, 'a-file');
    writeFileSync(notAFolder, 'not a library');
    startDesktopApp({ mainDir, env: { FOVEA_LIBRARY: notAFolder, FOVEA_NO_SAMPLE: '1' } });
    await vi.waitFor(() =>
      expect(dialog.showErrorBox).toHaveBeenCalledWith('Fovea cannot start', expect.any(String)),
    );
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(FakeWindow.created).toEqual([]);
  });
});

describe('libraryDirFor', () => {
  it('uses FOVEA_LIBRARY when set, else userData', () => {
    expect(libraryDirFor({ FOVEA_LIBRARY: '/data/fovea' }, '/home/ada/.config/Fovea')).toBe(
      '/data/fovea',
    );
    expect(libraryDirFor({}, '/home/ada/.config/Fovea')).toBe('/home/ada/.config/Fovea');
    expect(libraryDirFor({ FOVEA_LIBRARY: '' }, '/u')).toBe('/u');
  });
});
