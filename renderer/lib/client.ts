import type { FoveaClient } from '../../app/ipc/common/contract.js';
import { createClient } from '../../app/ipc/common/client.js';
import { WebSocketTransport } from './transport/ws-transport.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in web mode. */
    fovea?: FoveaClient;
  }
}

/** The desktop app's preload client, or web mode's WebSocket client. */
export function connectClient(): FoveaClient {
  if (window.fovea) return window.fovea;
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createClient(new WebSocketTransport(`${protocol}//${location.host}/ws`));
}
