import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { containedPath, isContained } from '../../base/node/contained-path.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The same policy as the Electron window: nothing remote, no inline scripts. */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** The file a URL path names inside `root`, or undefined when it is malformed or would leave it. */
export function staticFilePath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  // A URL path starts with '/', which names `root` here, not the file system's root.
  const relativePath = decoded.replace(/^\/+/, '');
  return isContained(root, relativePath) ? containedPath(root, relativePath) : undefined;
}

/** Serves a built renderer file; unknown paths get index.html (the app routes itself). */
export async function serveStatic(
  root: string,
  urlPath: string,
  response: ServerResponse,
): Promise<void> {
  let file = staticFilePath(root, urlPath);
  if (!file) {
    response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad path.');
    return;
  }
  let info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    file = join(root, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) {
    response
      .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
      .end('The renderer is not built: run `npm run build`.');
    return;
  }
  response.writeHead(200, {
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'cache-control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  createReadStream(file).pipe(response);
}
