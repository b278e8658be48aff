/**
 * `fovea backbones list|download NAME|add DIR`: the pretrained networks a run can start from.
 * Works on the library's `backbones/` folder without opening (or locking) its database: a
 * download or an add lands there atomically, so it is safe beside the app.
 */
import { join } from 'node:path';

import type {
  BackboneChoice,
  BackboneDownloadProgress,
} from '../../engine/common/backbone-choice.js';
import type { BackendRequest } from '../../engine/common/training.js';
import { ForkEngineHost } from '../../engine/node/fork-engine-host.js';
import { BackboneCatalog } from '../../services/node/backbone-catalog.js';
import { BackbonesService } from '../../services/node/backbones-service.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './cli-io.js';
import { engineEntry } from './command-plan.js';

export const backbonesUsage = `fovea backbones list [--json]
fovea backbones download NAME [--json]   (an ImageNet MobileNet, into the library's backbones/)
fovea backbones add DIR [--id ID] [--json]   (your own TF.js Layers model: model.json + shards)`;

/** The folder the build writes bundled backbones into. */
export function bundledBackbonesDir(root: string): string {
  return join(root, 'dist', 'backbones');
}

export interface BackbonesContext {
  readonly root: string;
  readonly libraryDir: string;
  readonly isJson: boolean;
  /** `--id` of `add`. */
  readonly id: string | undefined;
  readonly backend: BackendRequest;
}

const megabytes = (bytes: number): string => (bytes / 1e6).toFixed(1);

function printChoice(
  choice: BackboneChoice,
  catalog: BackboneCatalog,
  context: BackbonesContext,
  io: CliIo,
): void {
  const folder = catalog.find(choice.id)?.directory ?? null;
  if (context.isJson) {
    io.out(
      JSON.stringify({
        ...choice,
        licences: choice.licences.map((notice) => notice.licence),
        folder,
        // The name of `isAvailable` before downloads existed; kept for scripts.
        isInstalled: choice.isAvailable,
      }),
    );
    return;
  }
  const where = choice.isAvailable
    ? ''
    : choice.origin === 'download'
      ? ` (needs a download of about ${megabytes(choice.downloadBytes ?? 0)} MB: fovea backbones download ${choice.id})`
      : ' (not built: run node scripts/build.js)';
  io.out(
    `${choice.id}: ${choice.name}, ${choice.inputSize}×${choice.inputSize}, ${choice.parameters.toLocaleString('en')} parameters, ${choice.licences.map((notice) => notice.licence).join(' + ')}${where}`,
  );
  io.out(`  ${choice.description}`);
}

/** Progress lines on stderr: one per tenth of the download, so a log stays short. */
function progressPrinter(io: CliIo): (progress: BackboneDownloadProgress) => void {
  let lastTenth = -1;
  return (progress) => {
    if (progress.totalBytes === null || progress.totalBytes === 0) return;
    const tenth = Math.floor((progress.receivedBytes / progress.totalBytes) * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    io.err(
      `downloading ${progress.id}: ${tenth * 10}% (${megabytes(progress.receivedBytes)} of ${megabytes(progress.totalBytes)} MB)`,
    );
  };
}

async function download(service: BackbonesService, id: string, io: CliIo): Promise<BackboneChoice> {
  const cancel = (): void => {
    io.err(`fovea: cancelling the download of ${id}…`);
    service.cancel(id);
  };
  process.once('SIGINT', cancel);
  try {
    return await service.download(id, progressPrinter(io));
  } finally {
    process.off('SIGINT', cancel);
  }
}

async function add(
  catalog: BackboneCatalog,
  folder: string,
  context: BackbonesContext,
): Promise<BackboneChoice> {
  let host: ForkEngineHost | undefined;
  const service = new BackbonesService({
    catalog,
    inspect: (directory) => {
      host ??= new ForkEngineHost(engineEntry(context.root), { backend: context.backend });
      return host.runModelTask({ op: 'inspectBackbone', backbone: directory });
    },
  });
  try {
    return await service.add(folder, context.id);
  } finally {
    await host?.dispose();
  }
}

export async function runBackbonesCommand(
  rest: readonly string[],
  context: BackbonesContext,
  io: CliIo,
): Promise<void> {
  const [verb, argument, ...extra] = rest;
  const isList = verb === 'list' && argument === undefined;
  const isOne = (verb === 'download' || verb === 'add') && argument !== undefined;
  if (extra.length > 0 || !(isList || isOne)) throw new UsageError(`Usage:\n${backbonesUsage}`);
  if (context.id !== undefined && verb !== 'add')
    throw new UsageError(
      '--id names a backbone added from a folder (fovea backbones add DIR --id ID).',
    );
  const catalog = new BackboneCatalog({
    bundledDir: bundledBackbonesDir(context.root),
    libraryDir: join(context.libraryDir, 'backbones'),
  });
  const service = new BackbonesService({
    catalog,
    baseUrl: process.env['FOVEA_BACKBONE_BASE_URL'],
  });
  if (verb === 'list') {
    for (const choice of service.list()) printChoice(choice, catalog, context, io);
    return;
  }
  const choice =
    verb === 'download'
      ? await download(service, argument!, io)
      : await add(catalog, argument!, context);
  if (!context.isJson)
    io.err(`${choice.id} is ready in ${catalog.find(choice.id)?.directory ?? '?'}.`);
  printChoice(choice, catalog, context, io);
}
