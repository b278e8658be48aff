import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { Transport } from '../../app/ipc/common/client.js';
import type { EventName, EventPayloads, MethodName } from '../../app/ipc/common/contract.js';
import type { Envelope } from '../../app/ipc/common/envelope.js';
import { ackChannel, callChannel, eventChannel } from '../channels.js';

export type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'on' | 'send'>;

type Listener = (payload: unknown) => void;

/**
 * The Electron transport, renderer side: every call is one `invoke` on `fovea:call`; every event
 * arrives on the one `fovea:event` channel and fans out here to the listeners of its name. The
 * `IpcRendererEvent` never leaves the preload (it exposes the sender).
 */
export function createIpcTransport(ipcRenderer: IpcRendererLike): Transport {
  const listeners = new Map<string, Set<Listener>>();
  ipcRenderer.on(
    eventChannel,
    (_event: IpcRendererEvent, name: unknown, payload: unknown, ack?: unknown) => {
      if (typeof name !== 'string') return;
      // A droppable frame is acknowledged once the page could paint it; main then sends the next.
      if (typeof ack === 'number') afterPaint(() => ipcRenderer.send(ackChannel, ack));
      for (const listener of listeners.get(name) ?? []) {
        try {
          listener(payload);
        } catch (error) {
          // One failing listener must not starve the others of the event.
          console.error(error);
        }
      }
    },
  );
  return {
    call: (method: MethodName, args: unknown[]) =>
      ipcRenderer.invoke(callChannel, method, args) as Promise<Envelope<unknown>>,
    subscribe: <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) => {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener as Listener);
      return () => {
        set.delete(listener as Listener);
      };
    },
  };
}

function afterPaint(callback: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 0);
}
