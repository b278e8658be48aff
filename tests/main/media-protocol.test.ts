import { describe, expect, it } from 'vitest';
import { mediaBase, mediaResponse, serveMedia } from '../../main/media-protocol.js';
import { protocol } from './fake-electron.js';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
const resolve = (path: string) =>
  path === 'thumbnails/7' ? { mime: 'image/png', data: png } : undefined;

describe('fovea-media protocol', () => {
  it('serves a thumbnail the resolver knows', async () => {
    const response = mediaResponse('GET', `${mediaBase}thumbnails/7`, resolve);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(png);
  });

  it.each([
    ['GET', `${mediaBase}thumbnails/8`],
    ['GET', 'fovea-media://elsewhere/thumbnails/7'],
    ['POST', `${mediaBase}thumbnails/7`],
  ])('answers 404 to %s %s', (method, url) => {
    expect(mediaResponse(method, url, resolve).status).toBe(404);
  });

  it('registers one handler and removes it', async () => {
    const stop = serveMedia(protocol, resolve);
    const response = await protocol.handlers.get('fovea-media')?.(
      new Request(`${mediaBase}thumbnails/7`),
    );
    expect(response?.status).toBe(200);
    stop();
    expect(protocol.handlers.size).toBe(0);
  });
});
