/**
 * The engine process's side of its channel: talks to the host over whichever channel started it,
 * Electron's `process.parentPort` (utilityProcess.fork) or Node's `process.send`
 * (child_process.fork with `serialization: 'advanced'`). tfjs is loaded here and nowhere else.
 * The process's entry point (app/services/node/engine-process.ts) calls `serveEngine`.
 */
import type { OpenDataSource } from '../common/data-source.js';
import type { EngineMessage } from '../common/protocol.js';
import { isHostMessage } from '../common/protocol.js';
import type { BackendName, BackendRequest } from '../common/training.js';
import type { initBackend } from './backend.js';
import { Engine } from './engine.js';

interface Port {
  send(message: EngineMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** Electron's utilityProcess side of the channel (not typed by @types/node). */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function connect(): Port | null {
  const parentPort = (process as { parentPort?: ParentPort }).parentPort;
  if (parentPort !== undefined)
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  const send = process.send?.bind(process);
  if (send === undefined) return null;
  return {
    send: (message) => void send(message),
    onMessage: (listener) => process.on('message', listener),
  };
}

/**
 * The backend module (and Fovea's wasm kernels with it) is loaded lazily: if it cannot load, the
 * engine still runs on tfjs' own `cpu` backend when that is acceptable, and says why on stderr.
 */
async function loadBackend(requested: BackendRequest): Promise<BackendName> {
  let init: typeof initBackend;
  try {
    init = (await import('./backend.js')).initBackend;
  } catch (error) {
    if (requested !== 'auto' && requested !== 'cpu') throw error;
    process.stderr.write(
      `Fovea engine: backend selection failed to load, using cpu: ${String(error)}\n`,
    );
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    return 'cpu';
  }
  return (await init(requested)).name;
}

/** Runs the engine in this process until its host disposes it or goes away. */
export function serveEngine(openData: OpenDataSource): void {
  const port = connect();
  if (port === null) {
    process.stderr.write(
      'The Fovea engine must be started by its host (child_process.fork or utilityProcess.fork).\n',
    );
    process.exit(2);
  }
  const engine = new Engine({
    send: (message) => port.send(message),
    loadBackend,
    exit: (code) => process.exit(code),
    openData,
  });
  port.onMessage((message) => {
    if (isHostMessage(message)) void engine.handle(message);
  });
  // Without a host there is nobody to train for.
  process.on('disconnect', () => process.exit(0));
}
