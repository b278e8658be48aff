import type { FoveaClient } from '../../app/ipc/common/contract.js';
import type { Transport } from '../../app/ipc/common/client.js';
import { createClient } from '../../app/ipc/common/client.js';
import { WebSocketTransport } from './transport/ws-transport.js';

declare global {
  interface Window {
    /**
     * Set by the Electron preload; absent in web mode. The client is built here from the raw
     * transport because errors thrown across contextBridge lose their code (electron#25596).
     */
    foveaTransport?: Transport;
  }
}

/** The desktop app's IPC transport, or web mode's WebSocket. */
export function connectClient(): FoveaClient {
  if (window.foveaTransport) return createClient(window.foveaTransport);
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createClient(new WebSocketTransport(`${protocol}//${location.host}/ws`));
}
