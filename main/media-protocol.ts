/**
 * Thumbnails reach the window over a custom protocol, as `fovea-media://library/thumbnails/<id>`
 * (the `mediaBase` the services hand the renderer; web mode serves the same paths under
 * `/media/`). The scheme is privileged as standard and fetchable, so both `<img>` and `fetch` work;
 * CSP must list `fovea-media:` in img-src and connect-src.
 */
import type { CustomScheme, Protocol } from 'electron';
import type { MediaFile } from '../app/server/node/web-server.js';

export const mediaScheme = 'fovea-media';
export const mediaBase = `${mediaScheme}://library/`;

export const mediaSchemePrivileges: CustomScheme = {
  scheme: mediaScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

export type MediaResolver = (path: string) => MediaFile | undefined;

/** Serves the library's media on the scheme; the returned function stops serving. */
export function serveMedia(
  protocol: Pick<Protocol, 'handle' | 'unhandle'>,
  resolve: MediaResolver,
): () => void {
  protocol.handle(mediaScheme, (request) => mediaResponse(request.method, request.url, resolve));
  return () => protocol.unhandle(mediaScheme);
}

export function mediaResponse(method: string, url: string, resolve: MediaResolver): Response {
  const parsed = new URL(url);
  const file =
    (method === 'GET' || method === 'HEAD') && parsed.host === 'library'
      ? resolve(parsed.pathname.slice(1))
      : undefined;
  if (!file) {
    return new Response('Not found.', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  return new Response(method === 'HEAD' ? null : new Uint8Array(file.data), {
    headers: {
      'content-type': file.mime,
      'content-length': String(file.data.length),
      'cache-control': 'private, max-age=86400',
      'x-content-type-options': 'nosniff',
      // The page is a file:// document (origin "null"); only Fovea's own windows use this scheme.
      'access-control-allow-origin': '*',
    },
  });
}
