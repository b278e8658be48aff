import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Handlers, MethodName } from '../../app/ipc/common/contract.js';
import { methodNames } from '../../app/ipc/common/contract.js';
import { EventHub } from '../../app/ipc/common/event-hub.js';
import { registerIpc } from '../../main/ipc.js';
import { isRendererUrl, rendererSenderTrust } from '../../main/sender-trust.js';
import type { FakeFrame } from './fake-electron.js';
import { FakeWebContents, ipcMain, resetFakeElectron } from './fake-electron.js';

const rendererDir = join('/opt', 'Fovea', 'resources', 'app.asar', 'dist', 'renderer');
const indexPath = join(rendererDir, 'index.html');
const indexUrl = pathToFileURL(indexPath).href;
const appFrame: FakeFrame = { url: indexUrl, parent: null };

function stubHandlers(): Handlers & Record<MethodName, ReturnType<typeof vi.fn>> {
  return Object.fromEntries(
    methodNames.map((method) => [method, vi.fn(() => ({ method }))]),
  ) as never;
}

describe('isRendererUrl', () => {
  it.each([
    [indexUrl, true],
    [`${indexUrl}#/datasets/3`, true],
    [`${indexUrl}?tab=train`, true],
    [indexUrl.replace('index.html', 'other.html'), false],
    [indexUrl.replace('index.html', 'assets/../index.html'), true],
    [pathToFileURL('/tmp/index.html').href, false],
    [indexUrl.replace('/renderer/', '/renderer%2Fx/'), false],
    ['file://evil.example/opt/Fovea/resources/app.asar/dist/renderer/index.html', false],
    ['https://example.com/index.html', false],
    ['about:blank', false],
    ['devtools://devtools/bundled/inspector.html', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isRendererUrl(url, indexPath)).toBe(expected);
  });

  it('trusts only a top-level frame', () => {
    const isTrusted = rendererSenderTrust(indexPath);
    expect(isTrusted(appFrame)).toBe(true);
    expect(isTrusted({ url: indexUrl, parent: appFrame })).toBe(false);
    expect(isTrusted(null)).toBe(false);
  });
});

describe('registerIpc', () => {
  let handlers: ReturnType<typeof stubHandlers>;
  let events: EventHub;
  let targets: FakeWebContents[];
  let dispose: () => void;

  beforeEach(() => {
    resetFakeElectron();
    handlers = stubHandlers();
    events = new EventHub();
    targets = [];
    dispose = registerIpc(ipcMain, handlers, events, rendererSenderTrust(indexPath), () => targets);
  });

  afterEach(() => {
    dispose();
  });

  it('dispatches a valid call from the app window to its handler', async () => {
    await expect(
      ipcMain.invoke('fovea:call', appFrame, 'datasets.rename', [2, 'cats']),
    ).resolves.toEqual({
      ok: true,
      value: { method: 'datasets.rename' },
    });
    expect(handlers['datasets.rename']).toHaveBeenCalledExactlyOnceWith(2, 'cats');
  });

  it.each([
    ['another page', { url: 'https://evil.example/', parent: null }],
    ['an iframe of the app', { url: indexUrl, parent: appFrame }],
    ['a disposed frame', null],
  ])('refuses a call from %s without calling the service', async (_name, frame) => {
    const result = await ipcMain.invoke('fovea:call', frame, 'datasets.delete', [1]);
    expect(result).toEqual({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/Fovea window/) },
    });
    expect(handlers['datasets.delete']).not.toHaveBeenCalled();
  });

  it('refuses a sender whose frame cannot be read any more', async () => {
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
      parent: null,
    };
    const result = await ipcMain.invoke('fovea:call', disposed, 'datasets.list', []);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it.each([
    ['a wrong type', 'datasets.get', ['3']],
    ['a missing argument', 'datasets.rename', [3]],
    ['an extra argument', 'datasets.list', [1]],
    ['arguments that are not an array', 'datasets.get', 3],
  ])('answers invalid_argument for %s without calling the service', async (_name, method, args) => {
    const result = await ipcMain.invoke('fovea:call', appFrame, method, args);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(handlers[method as MethodName]).not.toHaveBeenCalled();
  });

  it('answers unknown_method for a name outside the contract', async () => {
    const result = await ipcMain.invoke('fovea:call', appFrame, 'constructor', []);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('wraps a service error in the envelope', async () => {
    handlers['datasets.get'].mockImplementation(() => {
      throw Object.assign(new Error('No dataset 7.'), { code: 'not_found' });
    });
    const result = await ipcMain.invoke('fovea:call', appFrame, 'datasets.get', [7]);
    expect(result).toEqual({ ok: false, error: { code: 'not_found', message: 'No dataset 7.' } });
  });

  it('forwards events to live app windows only', () => {
    const app = new FakeWebContents();
    app.mainFrame.url = indexUrl;
    const elsewhere = new FakeWebContents();
    elsewhere.mainFrame.url = 'https://example.com/';
    const closed = new FakeWebContents();
    closed.mainFrame.url = indexUrl;
    closed.isDestroyedFlag = true;
    targets.push(app, elsewhere, closed);

    events.emit('library.changed', { datasetId: 5 });
    expect(app.sent).toEqual([['fovea:event', 'library.changed', { datasetId: 5 }]]);
    expect(elsewhere.sent).toEqual([]);
    expect(closed.sent).toEqual([]);
  });

  it('removes its handler and its event listener when disposed', async () => {
    expect(ipcMain.handlers.size).toBe(1);
    expect(events.listenerCount).toBe(1);
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    expect(events.listenerCount).toBe(0);
    await expect(ipcMain.invoke('fovea:call', appFrame, 'datasets.list', [])).rejects.toThrow(
      /No handler/,
    );
    // Registering again after disposal works (Electron refuses a second handler on a channel).
    dispose = registerIpc(
      ipcMain,
      handlers,
      events,
      () => true,
      () => [],
    );
    expect(ipcMain.handlers.size).toBe(1);
  });
});
