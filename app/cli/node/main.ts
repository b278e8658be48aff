/**
 * The `fovea` command. Errors go to stderr with a non-zero exit: 2 for a wrong argument, 1 for
 * everything else. The arguments are checked before any library is opened (command-plan.ts).
 */
import { parseArgs } from 'node:util';
import { toErrorInfo } from '../../base/common/errors.js';
import { ForkEngineHost } from '../../engine/node/fork-engine-host.js';
import { damagedWarning, libraryUseError } from '../../library/node/library-problems.js';
import { openServices } from '../../services/node/services.js';
import type { CliIo } from './cli-io.js';
import { processIo } from './cli-io.js';
import { engineEntry, planCommand } from './command-plan.js';
import { backbonesUsage, bundledBackbonesDir, runBackbonesCommand } from './backbones-command.js';
import { datasetsUsage } from './datasets-command.js';
import { evaluateUsage } from './evaluate-command.js';
import { importUsage } from './import-command.js';
import { defaultLibraryDir, packageRoot, packageVersion } from './paths.js';
import { runSampleCommand, sampleUsage } from './sample-command.js';
import { parseBackend, trainUsage } from './train-command.js';

export const usage = `Fovea — a lab for convolutional neural networks.

fovea serve [--library DIR] [--port N] [--open] [--no-sample]
${datasetsUsage}
${importUsage}
${sampleUsage}
${trainUsage}
${backbonesUsage}
${evaluateUsage}

Every command takes --library DIR (default: $FOVEA_LIBRARY, else the desktop app's library).
Reading commands (datasets list, evaluate, predict, export) work while another process uses the
library; writing commands (serve, import, train, datasets create|rename|delete) take its lock.`;

const options = {
  library: { type: 'string' },
  port: { type: 'string' },
  open: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  dataset: { type: 'string' },
  'no-sample': { type: 'boolean', default: false },
  'per-class': { type: 'string' },
  seed: { type: 'string' },
  preset: { type: 'string' },
  epochs: { type: 'string' },
  size: { type: 'string' },
  backend: { type: 'string' },
  run: { type: 'string' },
  resume: { type: 'string' },
  from: { type: 'string' },
  layers: { type: 'string' },
  hidden: { type: 'string' },
  dropout: { type: 'string' },
  'weight-decay': { type: 'string' },
  flip: { type: 'boolean', default: false },
  'fine-tune': { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  csv: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
} as const;

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  let library: { dir: string; damage: string | null } | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options,
    });
    const root = packageRoot();
    if (values.version) {
      io.out(packageVersion(root));
      return 0;
    }
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === 'help') {
      io.out(usage);
      return command === undefined && !values.help ? 2 : 0;
    }
    if (command === 'backbones') {
      runBackbonesCommand(rest, root, values.json, io);
      return 0;
    }
    if (command === 'sample') {
      await runSampleCommand(rest, values['per-class'], values.seed, io);
      return 0;
    }
    const plan = planCommand(command, rest, values, root, usage);
    const backend = parseBackend(values.backend);
    const libraryDir = values.library ?? defaultLibraryDir();
    library = { dir: libraryDir, damage: null };
    const services = await openServices({
      libraryDir,
      mode: command === 'serve' ? 'web' : 'cli',
      access: plan.access,
      command,
      version: packageVersion(root),
      createEngineHost: () => new ForkEngineHost(engineEntry(root), { backend }),
      backbonesDir: bundledBackbonesDir(root),
    });
    library = services;
    try {
      if (services.damage !== null)
        io.err(`fovea: warning: ${damagedWarning(services.dir, services.damage)}`);
      return await plan.run(services, io);
    } finally {
      await services.close();
    }
  } catch (error) {
    const described = library === undefined ? undefined : libraryUseError(library, error);
    const info = toErrorInfo(described ?? error);
    io.err(`fovea: ${info.message}`);
    return info.code === 'invalid_argument' || isParseArgsError(error) ? 2 : 1;
  }
}

function isParseArgsError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')
  );
}
