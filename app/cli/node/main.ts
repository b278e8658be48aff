/**
 * The `fovea` command. Errors go to stderr with a non-zero exit: 2 for a wrong argument, 1 for
 * everything else.
 */
import { parseArgs } from 'node:util';
import { toErrorInfo } from '../../base/common/errors.js';
import { openServices } from '../../services/node/services.js';
import type { CliIo } from './cli-io.js';
import { parsePort, processIo, UsageError } from './cli-io.js';
import { datasetsUsage, runDatasetsCommand } from './datasets-command.js';
import { importUsage, runImportCommand } from './import-command.js';
import {
  evaluateUsage,
  runEvaluateCommand,
  runExportCommand,
  runPredictCommand,
} from './evaluate-command.js';
import { runSampleCommand, sampleUsage } from './sample-command.js';
import { parseBackend, runTrainCommand, trainUsage } from './train-command.js';
import { join } from 'node:path';
import { ForkEngineHost } from '../../engine/node/fork-engine-host.js';
import { defaultLibraryDir, packageRoot, packageVersion } from './paths.js';
import { defaultRendererDir, runServeCommand } from './serve-command.js';

export const usage = `Fovea — a lab for convolutional neural networks.

fovea serve [--library DIR] [--port N] [--open] [--no-sample]
${datasetsUsage}
${importUsage}
${sampleUsage}
${trainUsage}
${evaluateUsage}

Every command takes --library DIR (default: $FOVEA_LIBRARY, else the desktop app's library).`;

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
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
        format: { type: 'string' },
        out: { type: 'string' },
        csv: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
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
    if (command === 'sample') {
      await runSampleCommand(rest, values['per-class'], values.seed, io);
      return 0;
    }
    const libraryDir = values.library ?? defaultLibraryDir();
    const mode = command === 'serve' ? 'web' : 'cli';
    const backend = parseBackend(values.backend);
    const services = await openServices({
      libraryDir,
      mode,
      version: packageVersion(root),
      createEngineHost: () => new ForkEngineHost(join(root, 'dist', 'engine.js'), { backend }),
    });
    try {
      switch (command) {
        case 'serve':
          await runServeCommand(
            services,
            {
              port: parsePort(values.port),
              isOpen: values.open,
              rendererDir: defaultRendererDir(root),
              isSampleWanted: !values['no-sample'] && process.env['FOVEA_NO_SAMPLE'] !== '1',
            },
            io,
          );
          return 0;
        case 'datasets':
          runDatasetsCommand(services.stores.datasets, rest, values.json, io);
          return 0;
        case 'train':
          return await runTrainCommand(
            services,
            {
              dataset: values.dataset,
              preset: values.preset,
              epochs: values.epochs,
              size: values.size,
              isJson: values.json,
            },
            io,
          );
        case 'evaluate':
          return await runEvaluateCommand(services, values.run, values.json, io);
        case 'predict':
          return await runPredictCommand(
            services,
            rest,
            { isJson: values.json, csv: values.csv },
            io,
          );
        case 'export':
          return await runExportCommand(
            services,
            { run: values.run, format: values.format, out: values.out, isJson: values.json },
            io,
          );
        case 'import':
          return await runImportCommand(services, values.dataset, rest, values.json, io);
        default:
          throw new UsageError(`Unknown command "${command}".\n\n${usage}`);
      }
    } finally {
      await services.close();
    }
  } catch (error) {
    const info = toErrorInfo(error);
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
