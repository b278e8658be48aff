/**
 * Every `fovea` command checked before anything is opened: the command is known, its required
 * options are there and its values are valid. Only then does the plan say how the library is
 * opened: `read` (read-only, beside any owner, never creating a library) or `write` (taking the
 * library's lock). An unknown command or a bad value never touches a library.
 */
import { join } from 'node:path';
import type { Services } from '../../services/node/services.js';
import type { CliIo } from './cli-io.js';
import { parseId, parsePort, UsageError } from './cli-io.js';
import { parseDatasetsCommand, runDatasetsCommand } from './datasets-command.js';
import {
  checkImageFiles,
  parseExportArguments,
  runEvaluateCommand,
  runExportCommand,
  runPredictCommand,
  evaluateUsage,
} from './evaluate-command.js';
import { importUsage, runImportCommand } from './import-command.js';
import { defaultRendererDir, runServeCommand } from './serve-command.js';
import { parseTrainArguments, runTrainCommand } from './train-command.js';

/** The options `parseArgs` read (see main.ts). */
export interface CliValues {
  readonly port?: string | undefined;
  readonly open: boolean;
  readonly json: boolean;
  readonly dataset?: string | undefined;
  readonly 'no-sample': boolean;
  readonly preset?: string | undefined;
  readonly epochs?: string | undefined;
  readonly size?: string | undefined;
  readonly run?: string | undefined;
  readonly resume?: string | undefined;
  readonly from?: string | undefined;
  readonly layers?: string | undefined;
  readonly hidden?: string | undefined;
  readonly dropout?: string | undefined;
  readonly 'weight-decay'?: string | undefined;
  readonly flip?: boolean | undefined;
  readonly 'fine-tune'?: string | undefined;
  readonly format?: string | undefined;
  readonly out?: string | undefined;
  readonly csv?: string | undefined;
}

export interface CommandPlan {
  readonly access: 'read' | 'write';
  run(services: Services, io: CliIo): Promise<number>;
}

export function planCommand(
  command: string,
  rest: string[],
  values: CliValues,
  root: string,
  usage: string,
): CommandPlan {
  const isJson = values.json;
  switch (command) {
    case 'serve': {
      const options = {
        port: parsePort(values.port),
        isOpen: values.open,
        rendererDir: defaultRendererDir(root),
        isSampleWanted: !values['no-sample'] && process.env['FOVEA_NO_SAMPLE'] !== '1',
      };
      return write(async (services, io) => {
        await runServeCommand(services, options, io);
        return 0;
      });
    }
    case 'datasets': {
      const parsed = parseDatasetsCommand(rest);
      const run = (services: Services, io: CliIo): Promise<number> => {
        runDatasetsCommand(services.stores.datasets, parsed, isJson, io);
        return Promise.resolve(0);
      };
      return parsed.verb === 'list' ? read(run) : write(run);
    }
    case 'train': {
      const plan = parseTrainArguments({
        dataset: values.dataset,
        preset: values.preset,
        epochs: values.epochs,
        size: values.size,
        resume: values.resume,
        from: values.from,
        recipe: {
          layers: values.layers,
          hidden: values.hidden,
          dropout: values.dropout,
          weightDecay: values['weight-decay'],
          flip: values.flip,
          fineTune: values['fine-tune'],
        },
        isJson,
      });
      return write((services, io) => runTrainCommand(services, plan, io));
    }
    case 'evaluate': {
      const runId = parseId(values.run, 'run');
      return read((services, io) => runEvaluateCommand(services, runId, isJson, io));
    }
    case 'predict': {
      if (rest.length < 2) throw new UsageError(`Usage: ${evaluateUsage}`);
      checkImageFiles(rest.slice(1));
      const csv = values.csv;
      return read((services, io) => runPredictCommand(services, rest, { isJson, csv }, io));
    }
    case 'export': {
      const plan = parseExportArguments({
        run: values.run,
        dataset: values.dataset,
        format: values.format,
        out: values.out,
        isJson,
      });
      return read((services, io) => runExportCommand(services, plan, io));
    }
    case 'import': {
      const dataset = values.dataset;
      if (!dataset || rest.length === 0) throw new UsageError(`Usage: ${importUsage}`);
      return write((services, io) => runImportCommand(services, dataset, rest, isJson, io));
    }
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${usage}`);
  }
}

/** The engine bundle the CLI forks for training and model tasks. */
export function engineEntry(root: string): string {
  return join(root, 'dist', 'engine.js');
}

function read(run: CommandPlan['run']): CommandPlan {
  return { access: 'read', run };
}

function write(run: CommandPlan['run']): CommandPlan {
  return { access: 'write', run };
}
