import type { DatasetSummary } from '../../library/common/types.js';
import type { DatasetStore } from '../../library/node/stores.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './cli-io.js';

export const datasetsUsage = `fovea datasets list [--json]
fovea datasets create NAME [--json]
fovea datasets rename NAME NEW_NAME [--json]
fovea datasets delete NAME [--json]`;

/** A dataset named on the command line, by name or else by numeric id. */
export function resolveDataset(library: DatasetStore, nameOrId: string): DatasetSummary {
  const byName = library.findDatasetByName(nameOrId);
  if (byName) return byName;
  if (/^\d+$/.test(nameOrId)) return library.getDataset(Number(nameOrId));
  throw new UsageError(`There is no dataset named "${nameOrId}". See \`fovea datasets list\`.`);
}

export type DatasetsCommand =
  | { readonly verb: 'list' }
  | { readonly verb: 'create'; readonly name: string }
  | { readonly verb: 'rename'; readonly name: string; readonly newName: string }
  | { readonly verb: 'delete'; readonly name: string };

/** Checks the verb and its arguments; nothing is opened yet. */
export function parseDatasetsCommand(args: readonly string[]): DatasetsCommand {
  const [verb, ...rest] = args;
  const expect = (count: number): string[] => {
    if (rest.length !== count) throw new UsageError(`Usage:\n${datasetsUsage}`);
    return rest;
  };
  switch (verb) {
    case 'list':
      expect(0);
      return { verb };
    case 'create':
    case 'delete': {
      const [name = ''] = expect(1);
      return { verb, name };
    }
    case 'rename': {
      const [name = '', newName = ''] = expect(2);
      return { verb, name, newName };
    }
    default:
      throw new UsageError(`Usage:\n${datasetsUsage}`);
  }
}

export function runDatasetsCommand(
  library: DatasetStore,
  command: DatasetsCommand,
  isJson: boolean,
  io: CliIo,
): void {
  switch (command.verb) {
    case 'list': {
      const datasets = library.listDatasets();
      if (isJson) io.out(JSON.stringify(datasets));
      else if (datasets.length === 0)
        io.out('No datasets yet. Create one with `fovea datasets create NAME`.');
      else for (const dataset of datasets) io.out(describe(dataset));
      return;
    }
    case 'create': {
      const dataset = library.createDataset(command.name);
      io.out(
        isJson ? JSON.stringify(dataset) : `Created dataset "${dataset.name}" (id ${dataset.id}).`,
      );
      return;
    }
    case 'rename': {
      const dataset = library.renameDataset(
        resolveDataset(library, command.name).id,
        command.newName,
      );
      io.out(isJson ? JSON.stringify(dataset) : `Renamed to "${dataset.name}".`);
      return;
    }
    case 'delete': {
      const dataset = resolveDataset(library, command.name);
      library.deleteDataset(dataset.id);
      io.out(
        isJson
          ? JSON.stringify({ deleted: dataset.id })
          : `Deleted dataset "${dataset.name}" and its ${dataset.imageCount} images.`,
      );
      return;
    }
  }
}

function describe(dataset: DatasetSummary): string {
  const classes = dataset.classes.map((c) => `${c.name} ${c.imageCount}`).join(', ');
  return `${dataset.id}\t${dataset.name}\t${dataset.imageCount} images${classes ? `\t(${classes})` : ''}`;
}
