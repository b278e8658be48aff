import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startWebServer } from '../../server/node/web-server.js';
import { mediaResolver } from '../../services/node/media.js';
import { importSampleOnFirstStart } from '../../services/node/sample-dataset.js';
import type { Services } from '../../services/node/services.js';
import type { CliIo } from './cli-io.js';

export interface ServeOptions {
  readonly port: number;
  readonly isOpen: boolean;
  readonly rendererDir: string;
  readonly isSampleWanted: boolean;
}

/** Runs web mode until SIGINT/SIGTERM; resolves when the server has closed. */
export async function runServeCommand(
  services: Services,
  options: ServeOptions,
  io: CliIo,
): Promise<void> {
  const server = await startWebServer({
    handlers: services.handlers,
    events: services.events,
    staticDir: options.rendererDir,
    port: options.port,
    media: mediaResolver(services),
  });
  io.out(`Fovea is running in web mode at ${server.url}`);
  io.out('Press Ctrl+C to stop.');
  if (options.isOpen) openInBrowser(server.url, io);
  if (options.isSampleWanted) {
    importSampleOnFirstStart(services).then(
      (isImported) => isImported && io.out(`Imported the built-in sample dataset.`),
      (error: unknown) => io.err(`The built-in sample could not be imported: ${String(error)}`),
    );
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
}

export function defaultRendererDir(root: string): string {
  return join(root, 'dist', 'renderer');
}

function openInBrowser(url: string, io: CliIo): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () =>
    io.err('No browser could be opened here; open the address above yourself.'),
  );
  child.unref();
}
