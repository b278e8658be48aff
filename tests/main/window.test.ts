import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow, isWebUrl, mainWindowOptions } from '../../main/window.js';
import { BrowserWindow, FakeEvent, resetFakeElectron, shell } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

function openWindow(): BrowserWindow {
  createMainWindow({
    preloadPath: '/app/dist/main/preload.cjs',
    rendererIndexPath: '/app/dist/renderer/index.html',
  });
  const window = BrowserWindow.created.at(-1);
  if (!window) throw new Error('No window was created.');
  return window;
}

beforeEach(() => {
  resetFakeElectron();
});

describe('main window', () => {
  it('isolates and sandboxes the renderer without Node', () => {
    const window = openWindow();
    expect(window.options).toEqual(mainWindowOptions('/app/dist/main/preload.cjs'));
    expect(window.options['webPreferences']).toMatchObject({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('loads the built renderer from disk and shows itself when ready', () => {
    const window = openWindow();
    expect(window.loadedFile).toBe('/app/dist/renderer/index.html');
    expect(window.calls).toEqual([]);
    window.emit('ready-to-show');
    expect(window.calls).toEqual(['show']);
  });

  it.each(['https://example.com/', 'file:///etc/passwd', 'javascript:alert(1)'])(
    'denies navigation to %s',
    (url) => {
      const window = openWindow();
      const event = new FakeEvent(url);
      window.webContents.emit('will-navigate', event, url);
      expect(event.isDefaultPrevented).toBe(true);
    },
  );

  it('opens web links in the system browser, and nothing else', () => {
    const window = openWindow();
    window.webContents.emit('will-navigate', new FakeEvent('https://www.tensorflow.org/js'));
    window.webContents.emit('will-navigate', new FakeEvent('file:///etc/passwd'));
    expect(shell.openExternal.mock.calls).toEqual([['https://www.tensorflow.org/js']]);
  });

  it('denies every new window; web links go to the browser', () => {
    const handler = openWindow().webContents.windowOpenHandler;
    expect(handler?.({ url: 'https://example.com/a' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'about:blank' })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls).toEqual([['https://example.com/a']]);
  });

  it('tells web URLs from the rest', () => {
    expect(isWebUrl('http://localhost:3000/')).toBe(true);
    expect(isWebUrl('HTTPS://EXAMPLE.COM')).toBe(true);
    expect(isWebUrl('file:///x')).toBe(false);
    expect(isWebUrl('smb://host/share')).toBe(false);
    expect(isWebUrl('not a url')).toBe(false);
  });
});
