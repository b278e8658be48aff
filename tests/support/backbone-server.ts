/**
 * A loopback HTTP server that publishes the bundled MobileNetV2 the way Google publishes a TF.js
 * Layers model: `<id>/model.json` next to weight shards named `group1-shard<i>of<n>` (here two,
 * so a download crosses files). Tests turn on faults per file: a connection dropped half-way, or
 * bytes changed.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

export const bundledDir = join(import.meta.dirname, '..', '..', 'dist', 'backbones');

export interface PublishedModel {
  /** File name → bytes. */
  readonly files: Map<string, Buffer>;
  readonly weightBytes: number;
}

/** The bundled model.json and its shard, rewritten as the converter lays them out. */
export function publishedLayout(): PublishedModel {
  const source = join(bundledDir, 'mobilenet-v2');
  const model = JSON.parse(readFileSync(join(source, 'model.json'), 'utf8')) as {
    weightsManifest: { paths: string[] }[];
  };
  const shard = readFileSync(join(source, model.weightsManifest[0]!.paths[0]!));
  const half = Math.floor(shard.length / 2);
  const names = ['group1-shard1of2', 'group1-shard2of2'];
  model.weightsManifest[0]!.paths = names;
  const files = new Map<string, Buffer>([
    ['model.json', Buffer.from(JSON.stringify(model))],
    [names[0]!, shard.subarray(0, half)],
    [names[1]!, shard.subarray(half)],
  ]);
  return { files, weightBytes: shard.length };
}

/** drop: the connection closes half-way; corrupt: a byte changed; truncate: a short file, sent whole. */
export type Fault = 'drop' | 'corrupt' | 'truncate';

export interface BackboneServer {
  /** The base URL: a file is at `${url}/${id}/${name}`. */
  readonly url: string;
  readonly model: PublishedModel;
  /** Faults for the next requests of a file; each is used once. */
  readonly faults: Map<string, Fault>;
  /** Paths asked for, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startBackboneServer(id: string): Promise<BackboneServer> {
  const model = publishedLayout();
  const faults = new Map<string, Fault>();
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '';
    requests.push(path);
    const name = path.startsWith(`/${id}/`) ? path.slice(id.length + 2) : '';
    const body = model.files.get(name);
    if (body === undefined) {
      response.writeHead(404).end('not found');
      return;
    }
    const fault = faults.get(name);
    faults.delete(name);
    if (fault === 'truncate') {
      response.writeHead(200, { 'content-length': body.length - 100 });
      response.end(body.subarray(0, body.length - 100));
      return;
    }
    response.writeHead(200, { 'content-length': body.length });
    if (fault === 'drop') {
      // Half the bytes, then the connection goes: as a network that fails mid-file.
      response.write(body.subarray(0, Math.floor(body.length / 2)), () =>
        response.socket?.destroy(),
      );
      return;
    }
    const sent = fault === 'corrupt' ? Buffer.from(body) : body;
    if (fault === 'corrupt') sent[Math.floor(sent.length / 3)]! ^= 0xff;
    response.end(sent);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    model,
    faults,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A base URL where nothing listens: a port just released. */
export async function closedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
