/**
 * One file over HTTP(S) streamed to disk, hashed as it comes, with errors a user can act on:
 * no network, a server that answers with an error, a connection that drops mid-file, a cancel.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

import { FoveaError } from '../../base/common/errors.js';
import type { Backbone } from '../../engine/common/backbones.js';

export interface FetchedFile {
  readonly bytes: number;
  /** Hex SHA-256 of what arrived. */
  readonly sha256: string;
  /** The file as text, kept only for model.json (small, and parsed next). */
  readonly text: string | null;
}

export interface FetchContext {
  readonly backbone: Backbone;
  readonly signal?: AbortSignal | undefined;
}

/** The codes Node's fetch (undici) puts on the cause of a failed connection. */
function causeCode(error: unknown): string | null {
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && typeof cause === 'object' && cause !== null; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return null;
}

const offlineCodes = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
]);

function cancelled(context: FetchContext): FoveaError {
  return new FoveaError(
    'cancelled',
    `The download of ${context.backbone.name} was cancelled; nothing was kept.`,
  );
}

function unreachable(url: URL, context: FetchContext, error: unknown): FoveaError {
  if (context.signal?.aborted === true) return cancelled(context);
  const code = causeCode(error) ?? 'no answer';
  return new FoveaError(
    'io',
    `Cannot reach ${url.host} (${code}) to download ${context.backbone.name}. It is downloaded ` +
      'once and then works offline; check the network connection and try again. The bundled ' +
      'MobileNetV2 (mobilenet-v2) needs no network.',
    { cause: error },
  );
}

function dropped(url: URL, context: FetchContext, file: string, got: number, error: unknown) {
  if (context.signal?.aborted === true) return cancelled(context);
  const code = causeCode(error);
  return new FoveaError(
    'io',
    `The connection to ${url.host} dropped while downloading ${file} of ` +
      `${context.backbone.name} (${got} bytes arrived${code === null ? '' : `, ${code}`}). ` +
      'Nothing was kept; try again.',
    { cause: error },
  );
}

async function request(url: URL, context: FetchContext): Promise<Response> {
  if (context.signal?.aborted === true) throw cancelled(context);
  let response: Response;
  try {
    response = await fetch(url, context.signal === undefined ? {} : { signal: context.signal });
  } catch (error) {
    const code = causeCode(error);
    if (code !== null && !offlineCodes.has(code))
      throw dropped(url, context, url.pathname, 0, error);
    throw unreachable(url, context, error);
  }
  if (!response.ok || response.body === null)
    throw new FoveaError(
      'io',
      `${url.href} answered ${response.status} ${response.statusText} while downloading ` +
        `${context.backbone.name}. Nothing was kept; try again later.`,
    );
  return response;
}

/** Streams `url` into `path`; `onBytes` gets the bytes received so far. */
export async function fetchFile(
  href: string,
  path: string,
  context: FetchContext,
  onBytes: (bytes: number) => void,
): Promise<FetchedFile> {
  const url = new URL(href);
  const file = url.pathname.split('/').at(-1) ?? href;
  const response = await request(url, context);
  const hash = createHash('sha256');
  const isText = file === 'model.json';
  const chunks: Buffer[] = [];
  const out = await open(path, 'w');
  let bytes = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      await out.write(chunk);
      if (isText) chunks.push(Buffer.from(chunk));
      bytes += chunk.length;
      onBytes(bytes);
    }
  } catch (error) {
    throw dropped(url, context, file, bytes, error);
  } finally {
    await out.close();
  }
  const length = response.headers.get('content-length');
  if (length !== null && Number(length) !== bytes)
    throw dropped(url, context, file, bytes, new Error(`${bytes} of ${length} bytes`));
  return {
    bytes,
    sha256: hash.digest('hex'),
    text: isText ? Buffer.concat(chunks).toString('utf8') : null,
  };
}
