/**
 * The composition root of the services: one library directory in, the handler table of the
 * contract out. Electron's main process, `fovea serve` and the CLI all build their services here.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Handlers } from '../../ipc/common/contract.js';
import { FoveaError } from '../../base/common/errors.js';
import { EventHub } from '../../ipc/common/event-hub.js';
import { configureSharpForImport } from '../../images/node/process-image.js';
import { defaultSplitPercentages } from '../../library/common/splits.js';
import type { EngineHost } from '../../engine/common/engine-host.js';
import { presets } from '../../engine/common/presets.js';
import { describeModel } from '../../engine/common/spec.js';
import { defaultTrainingConfig } from '../../engine/common/presets.js';
import { ImportService } from './import-service.js';
import { ModelRepository } from '../../library/node/model-repository.js';
import { evaluationHandlers } from './evaluation-handlers.js';
import { EvaluationService } from './evaluation-service.js';
import { ExportService } from './export-service.js';
import { TrainingService } from './training-service.js';
import { watchHandlers } from './watch-handlers.js';
import { WatchService } from './watch-service.js';
import type { LibraryContext } from './library-context.js';
import { collectBlobs, openLibraryContext } from './library-context.js';

export { databasePath } from './library-context.js';

export interface ServicesOptions {
  readonly libraryDir: string;
  readonly mode: 'electron' | 'web' | 'cli';
  readonly version: string;
  /** Where thumbnails are served: '/media/' in web mode, a custom protocol in Electron. */
  readonly mediaBase?: string;
  /** Makes the engine host (a forked process, or Electron's utilityProcess); called on first use. */
  readonly createEngineHost?: () => EngineHost;
}

export interface Services {
  readonly handlers: Handlers;
  readonly events: EventHub;
  readonly context: LibraryContext;
  readonly imports: ImportService;
  readonly training: TrainingService;
  readonly evaluation: EvaluationService;
  readonly exports: ExportService;
  readonly watch: WatchService;
  close(): Promise<void>;
}

export async function openServices(options: ServicesOptions): Promise<Services> {
  configureSharpForImport();
  const context = await openLibraryContext(options.libraryDir);
  const events = new EventHub();
  const imports = new ImportService(context, events);
  let host: EngineHost | undefined;
  const engineHost = (): EngineHost => {
    if (!options.createEngineHost)
      throw new FoveaError('unsupported', 'Training is not available in this mode.');
    host ??= options.createEngineHost();
    return host;
  };
  const evaluation = new EvaluationService(context, new ModelRepository(context.db), engineHost);
  const watch = new WatchService(context, events, engineHost, {
    findModel: (runId) => evaluation.modelRef(runId).ref,
  });
  const training = new TrainingService(context, context.runs, events, engineHost, watch);
  training.afterEachRun((runId) => evaluation.persist(runId));
  // Model folders of runs that are gone (a deleted dataset takes its runs with it).
  const collectModels = (): Promise<void> =>
    readdir(join(context.dir, 'models'))
      .then((names) => evaluation.collect(names))
      .catch(() => undefined);
  void collectModels();
  const exports = new ExportService(context, evaluation, { allowTargets: options.mode !== 'web' });
  await exports.clear();
  const handlers: Handlers = {
    'app.info': () => ({
      version: options.version,
      mode: options.mode === 'electron' ? 'electron' : 'web',
      libraryPath: options.libraryDir,
      mediaBase: options.mediaBase ?? '/media/',
    }),
    ...libraryHandlers(context, events, collectModels),
    ...imageHandlers(context, events),
    'uploads.begin': async () => ({ uploadId: await context.uploads.begin() }),
    'uploads.add': async (uploadId, files) => {
      await context.uploads.add(uploadId, files);
      return null;
    },
    'imports.start': async (request) => ({ importId: (await imports.start(request)).importId }),
    'imports.cancel': (importId) => {
      imports.cancel(importId);
      return null;
    },
    'imports.get': (importId) => imports.get(importId),
    'imports.list': (datasetId) => imports.list(datasetId),
    ...trainingHandlers(context, training, evaluation),
    ...evaluationHandlers(evaluation, exports),
    ...watchHandlers(watch),
  };
  return {
    handlers,
    events,
    context,
    imports,
    training,
    evaluation,
    exports,
    watch,
    close: async () => {
      await imports.stopAll();
      await training.stopAll();
      await host?.dispose();
      context.close();
    },
  };
}

type LibraryMethods =
  | 'datasets.list'
  | 'datasets.get'
  | 'datasets.create'
  | 'datasets.rename'
  | 'datasets.delete'
  | 'classes.create'
  | 'classes.rename'
  | 'classes.delete';

function libraryHandlers(
  { library, ...context }: LibraryContext,
  events: EventHub,
  collectModels: () => Promise<void>,
): Pick<Handlers, LibraryMethods> {
  const changed = <T>(datasetId: number | null, value: T): T => {
    events.emit('library.changed', { datasetId });
    return value;
  };
  return {
    'datasets.list': () => library.listDatasets(),
    'datasets.get': (id) => library.getDataset(id),
    'datasets.create': (name) => {
      const dataset = library.createDataset(name);
      return changed(dataset.id, dataset);
    },
    'datasets.rename': (id, name) => changed(id, library.renameDataset(id, name)),
    'datasets.delete': (id) => {
      library.deleteDataset(id);
      // The originals of its images are shared by hash: collect the ones no dataset uses now.
      void collectBlobs({ library, ...context }).catch(() => undefined);
      void collectModels();
      return changed(id, null);
    },
    'classes.create': (datasetId, name) => changed(datasetId, library.createClass(datasetId, name)),
    'classes.rename': (id, name) => {
      const renamed = library.renameClass(id, name);
      return changed(renamed.datasetId, renamed);
    },
    'classes.delete': (id) => {
      library.deleteClass(id);
      return changed(null, null);
    },
  };
}

type ImageMethods =
  | 'images.index'
  | 'images.get'
  | 'images.setClass'
  | 'images.setSplit'
  | 'images.delete'
  | 'images.restore'
  | 'splits.counts'
  | 'splits.assign';

function imageHandlers(
  { gallery }: LibraryContext,
  events: EventHub,
): Pick<Handlers, ImageMethods> {
  const changedAll = (datasetIds: readonly number[]): null => {
    for (const datasetId of datasetIds) events.emit('library.changed', { datasetId });
    return null;
  };
  return {
    'images.index': (datasetId, filter) => gallery.index(datasetId, filter),
    'images.get': (id) => gallery.detail(id),
    'images.setClass': (ids, classId) => changedAll(gallery.setClass(ids, classId)),
    'images.setSplit': (ids, split) => changedAll(gallery.setSplit(ids, split)),
    'images.delete': (ids) => {
      const deleted = gallery.delete(ids);
      events.emit('library.changed', { datasetId: null });
      return { deleted };
    },
    'images.restore': (ids) => {
      const restored = gallery.restore(ids);
      events.emit('library.changed', { datasetId: null });
      return { restored };
    },
    'splits.counts': (datasetId) => gallery.splitCounts(datasetId),
    'splits.assign': (datasetId, percentages, seed) => {
      const counts = gallery.assignSplits(
        datasetId,
        percentages ?? defaultSplitPercentages,
        seed ?? 1,
      );
      events.emit('library.changed', { datasetId });
      return counts;
    },
  };
}

type TrainingMethods =
  | 'training.options'
  | 'training.summarize'
  | 'training.start'
  | 'training.pause'
  | 'training.resume'
  | 'training.stop'
  | 'runs.list'
  | 'runs.get'
  | 'runs.delete';

function trainingHandlers(
  { library }: LibraryContext,
  training: TrainingService,
  evaluation: EvaluationService,
): Pick<Handlers, TrainingMethods> {
  const inputOf = (datasetId: number) => {
    const dataset = library.getDataset(datasetId);
    return {
      size: dataset.inputSize,
      classes: Math.max(2, dataset.classes.filter((c) => c.imageCount > 0).length),
    };
  };
  return {
    'training.options': (datasetId) => {
      const input = inputOf(datasetId);
      return {
        presets: presets.map((preset) => {
          const spec = preset.spec(input.classes);
          return {
            id: preset.id,
            name: preset.name,
            description: preset.description,
            spec,
            summary: describeModel(spec, input),
          };
        }),
        defaultPreset: 'fovea-default',
        config: defaultTrainingConfig,
        inputSize: input.size,
        classes: input.classes,
      };
    },
    'training.summarize': (datasetId, spec) => describeModel(spec, inputOf(datasetId)),
    'training.start': (request) => ({ runId: training.start(request).runId }),
    'training.pause': (runId) => {
      training.pause(runId);
      return null;
    },
    'training.resume': (runId) => {
      training.resume(runId);
      return null;
    },
    'training.stop': (runId) => {
      training.stop(runId);
      return null;
    },
    'runs.list': (datasetId) => training.list(datasetId),
    'runs.get': (runId) => training.detail(runId),
    'runs.delete': async (runId) => {
      const modelDir = evaluation.modelDir(runId);
      training.delete(runId);
      if (modelDir) await rm(modelDir, { recursive: true, force: true });
      return null;
    },
  };
}
