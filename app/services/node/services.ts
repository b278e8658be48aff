/**
 * The composition root of the services: one library directory in, the handler table of the
 * contract out. Electron's main process, `fovea serve` and the CLI all build their services here.
 * It only wires: each store is built once (opened-library.ts), each service gets the stores and
 * services it uses, and the handler tables of the areas are joined.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { AppInfo, Handlers } from '../../ipc/common/contract.js';
import { FoveaError } from '../../base/common/errors.js';
import type { Logger } from '../../base/common/logger.js';
import { EventHub } from '../../ipc/common/event-hub.js';
import { sharpThreadsPerCall, threadPoolSize } from '../../images/node/import-threads.js';
import { configureSharpForImport } from '../../images/node/process-image.js';
import type { ConfidenceRule } from '../../engine/common/calibration.js';
import type { EngineHost } from '../../engine/common/engine-host.js';
import { uploadIdleMs } from '../../library/common/upload-limits.js';
import type { OwnerKind } from '../../library/node/library-lock.js';
import { damagedWarning } from '../../library/node/library-problems.js';
import { openLibrary } from '../../library/node/opened-library.js';
import type { LibraryStores } from '../../library/node/stores.js';
import { BackboneCatalog } from './backbone-catalog.js';
import { backbonesHandlers } from './backbones-handlers.js';
import { BackbonesService } from './backbones-service.js';
import { CalibrationService } from './calibration-service.js';
import { classifyHandlers } from './classify-handlers.js';
import { ClassifyService } from './classify-service.js';
import { ConsoleLogger } from './console-logger.js';
import { evaluationHandlers } from './evaluation-handlers.js';
import { EvaluationService } from './evaluation-service.js';
import { ExportService } from './export-service.js';
import { imageHandlers } from './image-handlers.js';
import { importHandlers } from './import-handlers.js';
import { ImportService } from './import-service.js';
import { withLibraryErrors } from './library-errors.js';
import { libraryHandlers } from './library-handlers.js';
import { LibraryService } from './library-service.js';
import { ModelFolders } from './model-folders.js';
import { BackboneMapsService } from './backbone-maps-service.js';
import { learnHandlers } from './learn-handlers.js';
import { RunCheckpoints } from './run-checkpoints.js';
import { trainingHandlers } from './training-handlers.js';
import { TrainingService } from './training-service.js';
import { watchHandlers } from './watch-handlers.js';
import { WatchService } from './watch-service.js';

export interface ServicesOptions {
  readonly libraryDir: string;
  readonly mode: 'electron' | 'web' | 'cli';
  /**
   * `write` (the default) takes the library's lock and recovers what a killed owner left; `read`
   * opens it read-only beside any owner and changes nothing (CLI reading commands).
   */
  readonly access?: 'read' | 'write';
  /** The CLI command, named in the lock so another process can say who owns the library. */
  readonly command?: string;
  readonly version: string;
  /** Where thumbnails are served: '/media/' in web mode, a custom protocol in Electron. */
  readonly mediaBase?: string;
  /** Makes the engine host (a forked process, or Electron's utilityProcess); called on first use. */
  readonly createEngineHost?: () => EngineHost;
  /** Where errors nobody awaits go; stderr by default. */
  readonly logger?: Logger;
  /** The folder of the bundled backbones (dist/backbones); the bundled one is missing without it. */
  readonly backbonesDir?: string;
  /**
   * Replaces the published location of backbone downloads (`${url}/${id}/model.json`); default
   * $FOVEA_BACKBONE_BASE_URL, else each backbone's own URL.
   */
  readonly backboneBaseUrl?: string;
  /** Files in flight during an import; default four per core (benchmarks set it). */
  readonly importConcurrency?: number;
}

export interface Services {
  readonly handlers: Handlers;
  readonly events: EventHub;
  /** The library directory. */
  readonly dir: string;
  readonly stores: LibraryStores;
  /** What `quick_check` found wrong with the library (it is then open read-only), or null. */
  readonly damage: string | null;
  readonly library: LibraryService;
  readonly imports: ImportService;
  readonly training: TrainingService;
  readonly evaluation: EvaluationService;
  readonly exports: ExportService;
  readonly watch: WatchService;
  readonly classify: ClassifyService;
  readonly calibration: CalibrationService;
  readonly backbones: BackbonesService;
  /** The engine host, started on first use; throws `unsupported` in a mode without one. */
  readonly engine: () => EngineHost;
  close(): Promise<void>;
}

export async function openServices(options: ServicesOptions): Promise<Services> {
  configureSharpForImport(sharpThreadsPerCall(availableParallelism(), threadPoolSize(process.env)));
  const access = options.access ?? 'write';
  const opened = await openLibrary(
    options.libraryDir,
    access === 'read'
      ? { access }
      : {
          access,
          owner: {
            kind: ownerKinds[options.mode],
            ...(options.command === undefined ? {} : { command: options.command }),
          },
        },
  );
  const { stores, dbPath } = opened;
  const assertWritable = (): void => {
    if (opened.damage !== null)
      throw new FoveaError(
        'conflict',
        `${damagedWarning(opened.dir, opened.damage)} Training is off.`,
      );
    if (!opened.isWritable)
      throw new FoveaError('conflict', `The library ${opened.dir} is open read-only here.`);
  };
  const logger = options.logger ?? new ConsoleLogger();
  const events = new EventHub();
  let host: EngineHost | undefined;
  const engine = (): EngineHost => {
    if (!options.createEngineHost)
      throw new FoveaError('unsupported', 'Training is not available in this mode.');
    host ??= options.createEngineHost();
    return host;
  };
  const models = new ModelFolders(opened.dir, stores.models);
  const library = new LibraryService({ stores, models, events, logger });
  const imports = new ImportService({
    stores,
    events,
    logger,
    ...(options.importConcurrency === undefined ? {} : { concurrency: options.importConcurrency }),
  });
  const evaluation: EvaluationService = new EvaluationService({
    stores,
    dbPath,
    models,
    host: engine,
    logger,
    isWritable: opened.isWritable,
    // Bound late: the calibration service reads the evaluation's predictions.
    confidence: (runId): Promise<ConfidenceRule> => calibration.rule(runId),
  });
  const calibration: CalibrationService = new CalibrationService({
    stores,
    evaluation,
    isWritable: opened.isWritable,
  });
  const watch = new WatchService({
    stores,
    events,
    host: engine,
    findModel: (runId) => evaluation.modelRef(runId).ref,
  });
  const backbones = new BackbonesService({
    catalog: new BackboneCatalog({
      bundledDir: options.backbonesDir,
      libraryDir: join(opened.dir, 'backbones'),
    }),
    events,
    baseUrl: options.backboneBaseUrl ?? process.env['FOVEA_BACKBONE_BASE_URL'],
    inspect: (directory) => engine().runModelTask({ op: 'inspectBackbone', backbone: directory }),
  });
  const training = new TrainingService({
    stores,
    dbPath,
    models,
    checkpoints: new RunCheckpoints(join(opened.dir, 'checkpoints')),
    backbones: (id) => backbones.resolve(id),
    events,
    host: engine,
    watcher: watch,
    afterRun: (runId) => evaluation.persist(runId),
    assertWritable,
  });
  const exports = new ExportService({
    stores,
    exportsDir: join(opened.dir, 'exports'),
    evaluation,
    host: engine,
    allowTargets: options.mode !== 'web',
    confidence: (runId) => calibration.rule(runId),
  });
  const classify = new ClassifyService({
    stores,
    events,
    logger,
    host: engine,
    findModel: (runId) => evaluation.modelRef(runId),
    confidence: (runId) => calibration.rule(runId),
    ...(options.importConcurrency === undefined ? {} : { concurrency: options.importConcurrency }),
  });
  const stopExpiring = opened.isWritable
    ? await tidyOwnedLibrary(library, exports, stores.uploads, logger)
    : () => {};
  const appInfo: AppInfo = {
    version: options.version,
    mode: options.mode === 'electron' ? 'electron' : 'web',
    libraryPath: options.libraryDir,
    mediaBase: options.mediaBase ?? '/media/',
    damage: opened.damage,
  };
  const handlers = withLibraryErrors(
    {
      'app.info': () => appInfo,
      ...libraryHandlers({ library }),
      ...imageHandlers({ library }),
      ...importHandlers({ imports, isPathAllowed: options.mode !== 'web' }),
      ...trainingHandlers({ training }),
      ...evaluationHandlers({ evaluation, exports }),
      ...watchHandlers({ watch }),
      ...classifyHandlers({ classify, calibration, isPathAllowed: options.mode !== 'web' }),
      ...backbonesHandlers({ backbones }),
      ...learnHandlers({
        backboneMaps: new BackboneMapsService({
          host: engine,
          backboneDir:
            options.backbonesDir === undefined
              ? undefined
              : (id) => backbones.resolve(id).directory,
        }),
      }),
    },
    opened,
  );
  return {
    handlers,
    events,
    dir: opened.dir,
    stores,
    damage: opened.damage,
    library,
    imports,
    training,
    evaluation,
    exports,
    watch,
    classify,
    calibration,
    backbones,
    engine,
    close: async () => {
      stopExpiring();
      await imports.stopAll();
      await classify.stopAll();
      await training.stopAll();
      await host?.dispose();
      await library.settle();
      opened.close();
    },
  };
}

const ownerKinds: Record<ServicesOptions['mode'], OwnerKind> = {
  electron: 'app',
  web: 'serve',
  cli: 'cli',
};

/**
 * What only the library's owner does: removes model folders of runs that are gone (a deleted
 * dataset takes its runs with it) and downloads of an earlier session, and expires uploads no
 * import took up. Returns what stops the expiry timer.
 */
async function tidyOwnedLibrary(
  library: LibraryService,
  exports: ExportService,
  uploads: LibraryStores['uploads'],
  logger: Logger,
): Promise<() => void> {
  void library.collectModels();
  await exports.clear();
  const expire = (): void => {
    uploads.expire(uploadIdleMs).catch((error: unknown) => {
      logger.error('cannot remove expired uploads', error);
    });
  };
  const timer = setInterval(expire, uploadIdleMs / 6);
  timer.unref();
  return () => clearInterval(timer);
}
