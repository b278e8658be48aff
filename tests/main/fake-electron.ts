/**
 * A stand-in for the `electron` module (no Electron binary can be downloaded here). Tests install
 * it with `vi.mock('electron', () => import('./fake-electron.js'))` and drive it through `fake`.
 * It models only what main/ uses, plus the one contextBridge behaviour that shapes the preload:
 * values are copied between worlds, functions become proxies (so identity is not kept) and an
 * Error keeps only its message.
 */
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

export class FakeEvent {
  isDefaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.isDefaultPrevented = true;
  }
}

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame = { url: '', parent: null };
  readonly sent: unknown[][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  isDestroyedFlag = false;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  isDestroyed(): boolean {
    return this.isDestroyedFlag;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly created: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.created.filter((window) => !window.isDestroyedFlag);
  }

  readonly webContents = new FakeWebContents();
  readonly calls: string[] = [];
  loadedFile: string | undefined;
  isMinimizedFlag = false;
  isDestroyedFlag = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.created.push(this);
  }
  loadFile(path: string): Promise<void> {
    this.loadedFile = path;
    this.webContents.mainFrame.url = pathToFileURL(path).href;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.isDestroyedFlag;
  }
  isMinimized(): boolean {
    return this.isMinimizedFlag;
  }
  restore(): void {
    this.isMinimizedFlag = false;
    this.calls.push('restore');
  }
  show(): void {
    this.calls.push('show');
  }
  focus(): void {
    this.calls.push('focus');
  }
}

class FakeApp extends EventEmitter {
  hasLock = true;
  userData = '/nonexistent/userData';
  readonly quit = vi.fn();
  readonly exit = vi.fn();
  readonly setAboutPanelOptions = vi.fn();
  #isReady = false;

  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  whenReady(): Promise<void> {
    this.#isReady = true;
    return Promise.resolve();
  }
  isReady(): boolean {
    return this.#isReady;
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`The fake app knows only userData, not ${name}.`);
    return this.userData;
  }
  getVersion(): string {
    return '9.8.7';
  }
  reset(): void {
    this.removeAllListeners();
    this.hasLock = true;
    this.#isReady = false;
    this.quit.mockReset();
    this.exit.mockReset();
    this.setAboutPanelOptions.mockReset();
  }
}

/** What main registers on a channel: Electron calls it with an IpcMainInvokeEvent. */
type InvokeListener = (event: never, ...args: never[]) => unknown;

/** Like Electron's: one handler per channel, a second registration throws. */
class FakeIpcMain {
  readonly handlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke from `frame` would run in main. */
  async invoke(channel: string, frame: FakeFrame | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return await (handler as (event: unknown, ...args: unknown[]) => unknown)(
      { senderFrame: frame },
      ...args,
    );
  }
}

class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>();
  readonly send = vi.fn<(channel: string, ...args: unknown[]) => void>();
}

/** Copies a value from one world to the other the way contextBridge does (for what Fovea sends). */
export function crossWorlds(value: unknown): unknown {
  if (typeof value === 'function') {
    return (...args: unknown[]): unknown => {
      try {
        return crossWorlds((value as Listener)(...args.map(crossWorlds)));
      } catch (error) {
        throw crossWorlds(error);
      }
    };
  }
  if (value instanceof Promise) {
    return value.then(crossWorlds, (reason: unknown) =>
      Promise.reject(crossWorlds(reason) as Error),
    );
  }
  if (value instanceof Error) return new Error(value.message);
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return structuredClone(value);
  if (Array.isArray(value)) return Object.freeze(value.map(crossWorlds));
  if (typeof value === 'object' && value !== null) {
    return Object.freeze(
      Object.fromEntries(Object.entries(value).map(([key, item]) => [key, crossWorlds(item)])),
    );
  }
  return value;
}

class FakeSession {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  devicePermissionHandler: Listener | null = null;
  setPermissionRequestHandler(handler: Listener | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Listener | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Listener | null): void {
    this.devicePermissionHandler = handler;
  }
}

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();
export const ipcRenderer = new FakeIpcRenderer();
export const mainWorld: Record<string, unknown> = {};
export const webUtils = {
  getPathForFile: vi.fn((file: { name: string }) => `/dropped/${file.name}`),
};
export const contextBridge = {
  exposeInMainWorld: (key: string, api: unknown): void => {
    if (key in mainWorld)
      throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    mainWorld[key] = crossWorlds(api);
  },
};
export const session = { defaultSession: new FakeSession() };
export const shell = {
  openExternal: vi.fn((_url: string) => Promise.resolve()),
  openPath: vi.fn((_path: string) => Promise.resolve('')),
};
export const dialog = { showErrorBox: vi.fn() };

class FakeProtocol {
  readonly privileged: unknown[] = [];
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (this.handlers.has(scheme)) throw new Error(`The scheme ${scheme} is already handled.`);
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
}
export const protocol = new FakeProtocol();
export const Menu = {
  buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
  setApplicationMenu: vi.fn(),
};

/** Puts every fake back to its first state. */
export function resetFakeElectron(): void {
  app.reset();
  ipcMain.handlers.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoke.mockReset();
  for (const key of Object.keys(mainWorld)) delete mainWorld[key];
  BrowserWindow.created.length = 0;
  session.defaultSession = new FakeSession();
  shell.openExternal.mockClear();
  shell.openPath.mockClear();
  dialog.showErrorBox.mockClear();
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  Menu.buildFromTemplate.mockClear();
  Menu.setApplicationMenu.mockClear();
}
