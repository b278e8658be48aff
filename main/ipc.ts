/**
 * The Electron transport of the contract, main side: one `fovea:call` channel for every method and
 * one `fovea:event` channel for every event. The sender is checked first, then `dispatch`
 * validates the method name and arguments against the contract; nothing reaches a service
 * otherwise.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Handlers } from '../app/ipc/common/contract.js';
import type { Envelope } from '../app/ipc/common/envelope.js';
import { dispatch } from '../app/ipc/common/envelope.js';
import type { EventHub } from '../app/ipc/common/event-hub.js';
import { callChannel, eventChannel } from './channels.js';
import type { FrameLike } from './sender-trust.js';

/** A window that receives events: its main frame is checked like a caller before each send. */
export type EventTarget = Pick<WebContents, 'send' | 'isDestroyed'> & {
  readonly mainFrame: FrameLike;
};

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

const untrusted: Envelope<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'Only the Fovea window may call its services.' },
};

/** Registers the contract on `ipcMain`; the returned function removes everything it added. */
export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  events: EventHub,
  isTrustedSender: (frame: FrameLike | null) => boolean,
  eventTargets: () => Iterable<EventTarget>,
): () => void {
  const isTrusted = (frame: () => FrameLike | null): boolean => {
    try {
      return isTrustedSender(frame());
    } catch {
      // Reading a frame that was disposed mid-call throws; such a sender is not trusted.
      return false;
    }
  };

  ipcMain.handle(callChannel, (event: IpcMainInvokeEvent, method: unknown, args: unknown) => {
    if (!isTrusted(() => event.senderFrame)) return untrusted;
    return dispatch(handlers, method, args);
  });

  const stopListening = events.listen((event, payload) => {
    for (const target of eventTargets()) {
      if (!target.isDestroyed() && isTrusted(() => target.mainFrame)) {
        target.send(eventChannel, event, payload);
      }
    }
  });

  return () => {
    ipcMain.removeHandler(callChannel);
    stopListening();
  };
}
