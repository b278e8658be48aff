/**
 * Web mode: the services and the built renderer behind HTTP + WebSocket on 127.0.0.1, guarded by
 * a random per-start token. The same handler table as the Electron transport.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import type { Handlers } from '../../ipc/common/contract.js';
import { dispatch } from '../../ipc/common/envelope.js';
import type { EventHub } from '../../ipc/common/event-hub.js';
import type { MediaFile } from '../../services/node/media.js';
import { decodeFrame, encodeFrame } from '../../ipc/common/wire.js';
import { LatestOnlySender } from '../../ipc/common/latest-only.js';
import { maxUploadFileBytes, uploadChunkBytes } from '../../library/common/upload-limits.js';
import { AccessGuard } from './access.js';
import { serveStatic } from './static-files.js';
import { pageLanguage, tokenPageHtml, tokenPageText } from './token-page.js';

export interface WebServerOptions {
  readonly handlers: Handlers;
  readonly events: EventHub;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly token?: string;
  /** Serves `/media/<path>` (thumbnails) from the library. */
  readonly media?: (path: string) => MediaFile | undefined;
}

export type { MediaFile } from '../../services/node/media.js';

export interface WebServer {
  readonly port: number;
  readonly token: string;
  /** The address to open, with the token. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The largest frame a client may send. The largest legitimate message is an `uploads.add` chunk:
 * the renderer closes a chunk after the file that crosses `uploadChunkBytes`, so it holds less
 * than that plus one file of at most `maxUploadFileBytes`. The headroom is for the JSON header
 * beside the bytes: up to about 10,000 relative paths of a chunk of small files, at well under
 * 1 KiB each. Anything larger closes the socket before it is buffered.
 */
export const maxFrameBytes = uploadChunkBytes + maxUploadFileBytes + 16 * 1024 * 1024;

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const guard = new AccessGuard(token);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  const server = createServer((request, response) => {
    handleHttp(guard, options, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const refusal = refuse(guard, request, url);
    if (refusal || url.pathname !== '/ws') {
      const [status, text] = refusal ?? [404, 'Not found'];
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => connect(ws, options));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  guard.setPort(port);

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function refuse(
  guard: AccessGuard,
  request: IncomingMessage,
  url: URL,
): [number, string] | undefined {
  const forbidden = guard.forbiddenReason(request);
  if (forbidden) return [403, 'Forbidden'];
  if (!guard.isAuthorized(request, url)) return [401, 'Unauthorized'];
  return undefined;
}

async function handleHttp(
  guard: AccessGuard,
  options: WebServerOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const forbidden = guard.forbiddenReason(request);
  if (forbidden) {
    response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end(forbidden);
    return;
  }
  if (!guard.isAuthorized(request, url)) {
    const { wantsPage, isChineseFirst } = pageLanguage(
      request.headers.accept,
      request.headers['accept-language'],
    );
    if (wantsPage)
      response
        .writeHead(401, { 'content-type': 'text/html; charset=utf-8' })
        .end(tokenPageHtml(isChineseFirst));
    else
      response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' }).end(tokenPageText);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  if (url.searchParams.has('token')) {
    // Trade the token in the address for a cookie, so it does not linger in history or logs.
    response.writeHead(302, { location: url.pathname, 'set-cookie': guard.cookieHeader() }).end();
    return;
  }
  if (url.pathname.startsWith('/media/')) {
    serveMedia(options, url.pathname.slice('/media/'.length), response);
    return;
  }
  await serveStatic(options.staticDir, url.pathname, response);
}

function serveMedia(options: WebServerOptions, path: string, response: ServerResponse): void {
  const file = options.media?.(path);
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.');
    return;
  }
  response.writeHead(200, {
    'content-type': file.mime,
    'content-length': file.data.length,
    'cache-control': 'private, max-age=86400',
    'x-content-type-options': 'nosniff',
  });
  response.end(file.data);
}

interface CallFrame {
  id: number;
  method: unknown;
  args: unknown;
}

function connect(ws: WebSocket, options: WebServerOptions): void {
  const send = (message: unknown): void => {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(message));
  };
  // Droppable events (live filters, feature maps) wait for the socket to write the previous one.
  const events = new LatestOnlySender({
    isOpen: () => ws.readyState === ws.OPEN,
    deliver: (event, payload, written) => ws.send(encodeFrame({ event, payload }), () => written()),
  });
  const stopListening = options.events.listen((event, payload) => events.send(event, payload));
  ws.on('close', stopListening);
  ws.on('message', (data: RawData, isBinary: boolean) => {
    let frame: CallFrame;
    try {
      if (!isBinary) throw new Error('Frames must be binary.');
      frame = parseCallFrame(decodeFrame(toBytes(data)));
    } catch (error) {
      send({
        id: null,
        result: {
          ok: false,
          error: {
            code: 'invalid_argument',
            message: `Malformed request: ${(error as Error).message}`,
          },
        },
      });
      return;
    }
    void dispatch(options.handlers, frame.method, frame.args).then((result) =>
      send({ id: frame.id, result }),
    );
  });
}

function parseCallFrame(value: unknown): CallFrame {
  if (typeof value !== 'object' || value === null) throw new Error('expected an object');
  const { id, method, args } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new Error('expected a numeric id');
  return { id, method, args };
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data);
}
