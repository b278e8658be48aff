import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Transport } from '../../app/ipc/common/client.js';
import { createClient } from '../../app/ipc/common/client.js';
import type { FoveaClient } from '../../app/ipc/common/contract.js';
import { methodNames } from '../../app/ipc/common/contract.js';
import { FoveaError } from '../../app/base/common/errors.js';
import { ipcRenderer, mainWorld } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

let fovea: FoveaClient;

beforeAll(async () => {
  await import('../../main/preload/index.js');
  fovea = mainWorld['fovea'] as FoveaClient;
});

beforeEach(() => {
  ipcRenderer.invoke.mockReset();
});

describe('preload', () => {
  it('exposes every method of the contract on window.fovea, and on()', () => {
    for (const method of methodNames) {
      const [area = '', verb = ''] = method.split('.');
      const group = (fovea as unknown as Record<string, Record<string, unknown>>)[area];
      expect(typeof group?.[verb], method).toBe('function');
    }
    expect(typeof fovea.on).toBe('function');
  });

  it('routes a call through one invoke on fovea:call and unwraps the result', async () => {
    ipcRenderer.invoke.mockResolvedValue({ ok: true, value: { id: 3, name: 'pets' } });
    await expect(fovea.datasets.rename(3, 'pets')).resolves.toEqual({ id: 3, name: 'pets' });
    expect(ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith('fovea:call', 'datasets.rename', [
      3,
      'pets',
    ]);
  });

  it('rejects with the message of an error envelope', async () => {
    ipcRenderer.invoke.mockResolvedValue({
      ok: false,
      error: { code: 'not_found', message: 'No dataset 9.' },
    });
    await expect(fovea.datasets.get(9)).rejects.toThrow('No dataset 9.');
  });

  it('gives the page a transport whose envelopes keep the error code the bridge drops', async () => {
    ipcRenderer.invoke.mockResolvedValue({
      ok: false,
      error: { code: 'conflict', message: 'Taken.' },
    });
    const viaClient = await fovea.datasets.create('pets').catch((error: unknown) => error);
    expect(viaClient).not.toBeInstanceOf(FoveaError);

    const page = createClient(mainWorld['foveaTransport'] as Transport);
    const viaTransport = await page.datasets.create('pets').catch((error: unknown) => error);
    expect(viaTransport).toBeInstanceOf(FoveaError);
    expect(viaTransport).toMatchObject({ code: 'conflict', message: 'Taken.' });
  });

  it('delivers events to their listeners until they unsubscribe, over one IPC listener', () => {
    const changed = vi.fn();
    const other = vi.fn();
    const stopChanged = fovea.on('library.changed', changed);
    const stopOther = fovea.on('library.changed', other);
    expect(ipcRenderer.listenerCount('fovea:event')).toBe(1);

    ipcRenderer.emit('fovea:event', { sender: 'not for the page' }, 'library.changed', {
      datasetId: 4,
    });
    expect(changed).toHaveBeenCalledExactlyOnceWith({ datasetId: 4 });
    expect(other).toHaveBeenCalledOnce();

    stopChanged();
    ipcRenderer.emit('fovea:event', {}, 'library.changed', { datasetId: 5 });
    expect(changed).toHaveBeenCalledOnce();
    expect(other).toHaveBeenCalledTimes(2);

    stopOther();
    ipcRenderer.emit('fovea:event', {}, 'library.changed', { datasetId: 6 });
    expect(other).toHaveBeenCalledTimes(2);
  });

  it('ignores events of other names and keeps delivering when one listener throws', () => {
    const listener = vi.fn();
    const failing = vi.fn(() => {
      throw new Error('listener bug');
    });
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const stops = [fovea.on('library.changed', failing), fovea.on('library.changed', listener)];
    ipcRenderer.emit('fovea:event', {}, 'training.progress', { step: 1 });
    expect(listener).not.toHaveBeenCalled();
    ipcRenderer.emit('fovea:event', {}, 'library.changed', { datasetId: null });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ datasetId: null });
    for (const stop of stops) stop();
    quiet.mockRestore();
  });
});
