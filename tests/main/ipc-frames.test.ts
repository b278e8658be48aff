import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../app/ipc/common/contract.js';
import { EventHub } from '../../app/ipc/common/event-hub.js';
import { ackChannel, eventChannel } from '../../main/channels.js';
import type { EventTarget, IpcMainLike } from '../../main/ipc.js';
import { registerIpc } from '../../main/ipc.js';
import { createIpcTransport } from '../../main/preload/ipc-transport.js';

vi.mock('electron', () => import('./fake-electron.js'));

function fakeIpcMain(): IpcMainLike & EventEmitter {
  const emitter = new EventEmitter();
  return Object.assign(emitter, {
    handle: vi.fn(),
    removeHandler: vi.fn(),
  }) as unknown as IpcMainLike & EventEmitter;
}

function frame(payload: number) {
  return { runId: 1, datasetId: 1, frame: { step: payload } };
}

describe('droppable frames over Electron IPC', () => {
  it('go newest-wins per window: one in flight, the latest waiting, the rest dropped', () => {
    const ipcMain = fakeIpcMain();
    const events = new EventHub();
    const send = vi.fn();
    const target = {
      send,
      isDestroyed: () => false,
      mainFrame: { url: 'file:///app/index.html', parent: null },
    } as unknown as EventTarget;
    const dispose = registerIpc(
      ipcMain,
      {} as Handlers,
      events,
      () => true,
      () => [target],
    );

    for (const step of [1, 2, 3]) events.emit('training.visuals', frame(step) as never);
    events.emit('library.changed', { datasetId: 1 });
    expect(send.mock.calls).toEqual([
      [eventChannel, 'training.visuals', frame(1), 1],
      [eventChannel, 'library.changed', { datasetId: 1 }],
    ]);
    ipcMain.emit(ackChannel, {}, 1);
    expect(send.mock.calls.at(-1)).toEqual([eventChannel, 'training.visuals', frame(3), 2]);
    ipcMain.emit(ackChannel, {}, 2);
    expect(send).toHaveBeenCalledTimes(3);

    dispose();
    expect(ipcMain.listenerCount(ackChannel)).toBe(0);
  });

  it('are acknowledged by the preload once delivered', async () => {
    const ipcRenderer = Object.assign(new EventEmitter(), { invoke: vi.fn(), send: vi.fn() });
    const transport = createIpcTransport(ipcRenderer as never);
    const seen: unknown[] = [];
    transport.subscribe('training.visuals', (payload) => seen.push(payload));
    ipcRenderer.emit(eventChannel, {}, 'training.visuals', frame(5), 9);
    expect(seen).toEqual([frame(5)]);
    await expect.poll(() => ipcRenderer.send.mock.calls).toEqual([[ackChannel, 9]]);
  });
});
