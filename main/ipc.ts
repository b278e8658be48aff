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
import { isDroppable } from '../app/ipc/common/droppable.js';
import { LatestOnlySender } from '../app/ipc/common/latest-only.js';
import { ackChannel, callChannel, eventChannel } from './channels.js';
import type { FrameLike } from './sender-trust.js';

/** A window that receives events: its main frame is checked like a caller before each send. */
export type EventTarget = Pick<WebContents, 'send' | 'isDestroyed'> & {
  readonly mainFrame: FrameLike;
};

/** `on`/`removeListener` receive the renderer's acknowledgements of droppable frames. */
export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'> &
  Partial<Pick<IpcMain, 'on' | 'removeListener'>>;

/** A frame not acknowledged by then (a reloading page) no longer holds the next one back. */
const ackTimeoutMs = 2000;

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

  // Droppable frames (live filters, feature maps) go newest-wins per window: the next one is
  // sent when the renderer acknowledges the last, so a slow window skips frames, never queues them.
  const pendingAcks = new Map<number, () => void>();
  let nextAck = 1;
  const senders = new WeakMap<EventTarget, LatestOnlySender>();
  const senderFor = (target: EventTarget): LatestOnlySender => {
    let sender = senders.get(target);
    if (!sender) {
      sender = new LatestOnlySender({
        isOpen: () => !target.isDestroyed(),
        deliver: (event, payload, delivered) => {
          if (!isDroppable(event) || !ipcMain.on) {
            target.send(eventChannel, event, payload);
            delivered();
            return;
          }
          const ack = nextAck++;
          const timer = setTimeout(() => settle(), ackTimeoutMs);
          const settle = (): void => {
            clearTimeout(timer);
            pendingAcks.delete(ack);
            delivered();
          };
          pendingAcks.set(ack, settle);
          target.send(eventChannel, event, payload, ack);
        },
      });
      senders.set(target, sender);
    }
    return sender;
  };
  const onAck = (_event: unknown, ack: unknown): void => {
    if (typeof ack === 'number') pendingAcks.get(ack)?.();
  };
  ipcMain.on?.(ackChannel, onAck);

  const stopListening = events.listen((event, payload) => {
    for (const target of eventTargets()) {
      if (!target.isDestroyed() && isTrusted(() => target.mainFrame)) {
        senderFor(target).send(event, payload);
      }
    }
  });

  return () => {
    ipcMain.removeHandler(callChannel);
    ipcMain.removeListener?.(ackChannel, onAck);
    for (const settle of [...pendingAcks.values()]) settle();
    stopListening();
  };
}
