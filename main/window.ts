/**
 * The app's one window and the session rules every window shares, so a page that goes wrong can
 * reach neither the machine nor the network: an isolated, sandboxed renderer without Node; no
 * navigation, no new windows (http(s) links go to the system browser); permissions are in
 * permissions.ts (the camera for the app's own page, nothing else).
 * The CSP is the meta tag of renderer/index.html: a page loaded from file:// has no response
 * headers to carry one.
 */
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { BrowserWindow, shell } from 'electron';

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly rendererIndexPath: string;
}

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'Fovea',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#1e1f24',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(options.preloadPath));
  denyNavigation(window.webContents);
  window.once('ready-to-show', () => window.show());
  window.loadFile(options.rendererIndexPath).catch((error: unknown) => {
    console.error(`Fovea could not load its window from ${options.rendererIndexPath}:`, error);
  });
  return window;
}

/** The page never leaves index.html and opens no windows; web links open in the browser. */
export function denyNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openInBrowser(event.url);
  });
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url);
    return { action: 'deny' };
  });
}

export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function openInBrowser(url: string): void {
  if (!isWebUrl(url)) return;
  shell.openExternal(url).catch((error: unknown) => {
    console.error(`Fovea could not open ${url} in the browser:`, error);
  });
}
