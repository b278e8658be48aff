import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame } from '../../app/ipc/common/wire.js';
import { staticFilePath } from '../../app/server/node/static-files.js';
import type { WebServer } from '../../app/server/node/web-server.js';
import { maxFrameBytes, startWebServer } from '../../app/server/node/web-server.js';
import type { Services } from '../../app/services/node/services.js';
import { openServices } from '../../app/services/node/services.js';
import { maxUploadFileBytes, uploadChunkBytes } from '../../app/library/common/upload-limits.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('web mode server', () => {
  let services: Services;
  let server: WebServer;

  beforeEach(async () => {
    const dir = temporaryFolder('fovea-web-');
    const staticDir = temporaryFolder('fovea-static-');
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Fovea</title>');
    services = await openServices({ libraryDir: dir, mode: 'web', version: '0.0.0-test' });
    server = await startWebServer({
      handlers: services.handlers,
      events: services.events,
      staticDir,
    });
  });
  afterEach(async () => {
    await server.close();
    await services.close();
  });

  it('answers 401 without the token and 403 for another host or origin', async () => {
    expect((await get(server.port, '/')).status).toBe(401);
    expect((await get(server.port, '/?token=wrong')).status).toBe(401);
    expect(
      (await get(server.port, `/?token=${server.token}`, { host: 'evil.example:80' })).status,
    ).toBe(403);
    expect(
      (await get(server.port, `/?token=${server.token}`, { origin: 'http://evil.example' })).status,
    ).toBe(403);
  });

  it('trades the token for a cookie and then serves the renderer with a CSP', async () => {
    const first = await get(server.port, `/?token=${server.token}`);
    expect(first.status).toBe(302);
    const cookie = String(first.headers['set-cookie']).split(';')[0] ?? '';
    expect(cookie).toContain(server.token);
    const page = await get(server.port, '/', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Fovea</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('listens on loopback only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('refuses WebSocket upgrades without the token or from another origin', async () => {
    const base = `ws://127.0.0.1:${server.port}/ws`;
    await expect(openSocket(base)).rejects.toThrow(/401/);
    await expect(
      openSocket(`${base}?token=${server.token}`, { origin: 'http://evil.example' }),
    ).rejects.toThrow(/403/);
  });

  it('runs calls over the socket and pushes events to every client', async () => {
    const url = `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;
    const [a, b] = await Promise.all([
      openSocket(url, { origin: `http://127.0.0.1:${server.port}` }),
      openSocket(url),
    ]);
    const fromA: unknown[] = [];
    const fromB: unknown[] = [];
    a.on('message', (data: Buffer) => fromA.push(decodeFrame(new Uint8Array(data))));
    b.on('message', (data: Buffer) => fromB.push(decodeFrame(new Uint8Array(data))));
    a.send(encodeFrame({ id: 1, method: 'datasets.create', args: ['pets'] }));
    await expect.poll(() => fromA.length).toBe(2);
    expect(fromA).toContainEqual({
      id: 1,
      result: { ok: true, value: expect.objectContaining({ name: 'pets' }) },
    });
    expect(fromB).toContainEqual({ event: 'library.changed', payload: { datasetId: 1 } });
    a.close();
    b.close();
  });
});

describe('web mode reads only what the user uploaded', () => {
  let services: Services;
  beforeEach(async () => {
    services = await openServices({
      libraryDir: temporaryFolder('fovea-web-'),
      mode: 'web',
      version: '0.0.0-test',
    });
  });
  afterEach(async () => {
    await services.close();
  });

  it('refuses imports.start with a path on the server', async () => {
    const dataset = await services.handlers['datasets.create']('pets');
    await expect(
      services.handlers['imports.start']({ datasetId: dataset.id, paths: ['/etc'] }),
    ).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/uploads/) });
  });

  it('caps a frame at an upload chunk plus its largest file, with room for the paths', () => {
    expect(maxFrameBytes).toBeGreaterThanOrEqual(uploadChunkBytes + maxUploadFileBytes);
    expect(maxFrameBytes).toBeLessThanOrEqual(128 * 1024 * 1024);
  });
});

describe('staticFilePath', () => {
  it('keeps paths inside the root', () => {
    expect(staticFilePath('/srv/app', '/assets/x.js')).toBe('/srv/app/assets/x.js');
    expect(staticFilePath('/srv/app', '/../../etc/passwd')).toBeUndefined();
    expect(staticFilePath('/srv/app', '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(staticFilePath('/srv/app', '/%E0%A4%A')).toBeUndefined();
    expect(staticFilePath('/srv/app', '/a%00b')).toBeUndefined();
    expect(staticFilePath('/srv/app', '//etc/passwd')).toBe('/srv/app/etc/passwd');
  });
});
