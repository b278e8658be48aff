import type { ResolvedRecipe } from '../../engine/common/pretrained-recipe.js';
import type { RunId } from '../../engine/common/run-id.js';
import type { ModelSpec } from '../../engine/common/spec.js';
import type { TrainingConfig } from '../../engine/common/training.js';
import type {
  MetricSeries,
  RunDetail,
  RunStatus,
  RunSummary,
  RunTestReport,
} from '../common/runs.js';
import type { Sqlite } from './database.js';

export interface NewRun {
  readonly datasetId: number;
  readonly preset: string | null;
  readonly spec: ModelSpec;
  readonly config: TrainingConfig;
  readonly classes: readonly string[];
  readonly inputSize: number;
  readonly trainCount: number;
  readonly valCount: number;
  readonly testCount: number;
  /** A pretrained run's recipe; kept in the config column, beside the training settings. */
  readonly pretrained?: ResolvedRecipe | undefined;
}

export interface MetricRow {
  readonly kind: 'batch' | 'epoch';
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
  readonly imagesPerSecond: number | null;
}

export interface RunResult {
  readonly status: RunStatus;
  readonly message?: string | null;
  readonly backend?: string | null;
  readonly imagesPerSecond?: number | null;
  readonly epochsRun?: number;
  readonly keptEpoch?: number | null;
  readonly keptValLoss?: number | null;
  readonly valAccuracy?: number | null;
  readonly test?: RunTestReport | null;
}

interface RunRow {
  id: number;
  dataset_id: number;
  preset: string | null;
  spec: string;
  config: string;
  classes: string;
  input_size: number;
  train_count: number;
  val_count: number;
  test_count: number;
  backend: string | null;
  status: RunStatus;
  message: string | null;
  created_at: string;
  finished_at: string | null;
  images_per_second: number | null;
  epochs_run: number;
  /** The kept epoch (named `best_epoch` in migration 004, before the last epoch could be kept). */
  best_epoch: number | null;
  val_accuracy: number | null;
  test_accuracy: number | null;
  test_report: string | null;
  checkpoint_epoch: number | null;
}

interface MetricDbRow {
  step: number;
  epoch: number;
  loss: number;
  accuracy: number;
  val_loss: number | null;
  val_accuracy: number | null;
}

/** All SQL about training runs and their metrics. */
export class RunRepository {
  readonly #statements;
  readonly #reopen: (id: RunId, epoch: number, epochs: readonly MetricRow[]) => void;

  constructor(db: Sqlite) {
    this.#statements = {
      insert: db.prepare(
        `INSERT INTO runs (dataset_id, preset, spec, config, classes, input_size, train_count, val_count, test_count, status, created_at)
         VALUES (@datasetId, @preset, @spec, @config, @classes, @inputSize, @trainCount, @valCount, @testCount, 'preparing', @createdAt)`,
      ),
      setStatus: db.prepare<[RunStatus, number]>('UPDATE runs SET status = ? WHERE id = ?'),
      setBackend: db.prepare<[string, number]>('UPDATE runs SET backend = ? WHERE id = ?'),
      finish: db.prepare(
        `UPDATE runs SET status = @status, message = @message, backend = coalesce(@backend, backend),
           images_per_second = coalesce(@imagesPerSecond, images_per_second), epochs_run = coalesce(@epochsRun, epochs_run),
           best_epoch = @keptEpoch, best_val_loss = @keptValLoss, val_accuracy = coalesce(@valAccuracy, val_accuracy),
           test_accuracy = @testAccuracy, test_report = @testReport, finished_at = @finishedAt WHERE id = @id`,
      ),
      progress: db.prepare<[number | null, number, number | null, number]>(
        'UPDATE runs SET images_per_second = coalesce(?, images_per_second), epochs_run = ?, val_accuracy = coalesce(?, val_accuracy) WHERE id = ?',
      ),
      metric: db.prepare(
        `INSERT OR REPLACE INTO run_metrics (run_id, kind, step, epoch, loss, accuracy, val_loss, val_accuracy, images_per_second)
         VALUES (@runId, @kind, @step, @epoch, @loss, @accuracy, @valLoss, @valAccuracy, @imagesPerSecond)`,
      ),
      get: db.prepare<[number], RunRow>('SELECT * FROM runs WHERE id = ?'),
      list: db.prepare<[number], RunRow>(
        'SELECT * FROM runs WHERE dataset_id = ? ORDER BY id DESC',
      ),
      metrics: db.prepare<[number, string], MetricDbRow>(
        'SELECT step, epoch, loss, accuracy, val_loss, val_accuracy FROM run_metrics WHERE run_id = ? AND kind = ? ORDER BY step',
      ),
      delete: db.prepare<[number]>('DELETE FROM runs WHERE id = ?'),
      setCheckpoint: db.prepare<[number | null, number]>(
        'UPDATE runs SET checkpoint_epoch = ? WHERE id = ?',
      ),
      interrupt: db.prepare<[string, string, number]>(
        "UPDATE runs SET status = 'interrupted', message = ?, finished_at = ? WHERE id = ?",
      ),
      reopen: db.prepare<[number, number]>(
        "UPDATE runs SET status = 'preparing', message = NULL, finished_at = NULL, epochs_run = ? WHERE id = ?",
      ),
      dropMetricsAfter: db.prepare<[number, number]>(
        'DELETE FROM run_metrics WHERE run_id = ? AND epoch > ?',
      ),
      interruptActive: db.prepare<[string]>(
        "UPDATE runs SET status = 'interrupted', message = 'Fovea was closed or stopped while this run was training.', finished_at = ? WHERE status IN ('preparing', 'training', 'paused')",
      ),
    };
    this.#reopen = db.transaction((id: RunId, epoch: number, epochs: readonly MetricRow[]) => {
      this.#statements.dropMetricsAfter.run(id, epoch);
      for (const metric of epochs) this.addMetric(id, metric);
      this.#statements.reopen.run(epoch, id);
    });
  }

  create(run: NewRun): RunId {
    const row = {
      datasetId: run.datasetId,
      preset: run.preset,
      spec: JSON.stringify(run.spec),
      config: JSON.stringify(
        run.pretrained ? { ...run.config, pretrained: run.pretrained } : run.config,
      ),
      classes: JSON.stringify(run.classes),
      inputSize: run.inputSize,
      trainCount: run.trainCount,
      valCount: run.valCount,
      testCount: run.testCount,
      createdAt: new Date().toISOString(),
    };
    return Number(this.#statements.insert.run(row).lastInsertRowid);
  }

  setStatus(id: RunId, status: RunStatus): void {
    this.#statements.setStatus.run(status, id);
  }

  setBackend(id: RunId, backend: string): void {
    this.#statements.setBackend.run(backend, id);
  }

  recordProgress(
    id: RunId,
    imagesPerSecond: number | null,
    epochsRun: number,
    valAccuracy: number | null,
  ): void {
    this.#statements.progress.run(imagesPerSecond, epochsRun, valAccuracy, id);
  }

  addMetric(runId: RunId, metric: MetricRow): void {
    this.#statements.metric.run({ runId, ...metric });
  }

  finish(id: RunId, result: RunResult): void {
    this.#statements.finish.run({
      id,
      status: result.status,
      message: result.message ?? null,
      backend: result.backend ?? null,
      imagesPerSecond: result.imagesPerSecond ?? null,
      epochsRun: result.epochsRun ?? null,
      keptEpoch: result.keptEpoch ?? null,
      keptValLoss: result.keptValLoss ?? null,
      valAccuracy: result.valAccuracy ?? null,
      testAccuracy: result.test?.accuracy ?? null,
      testReport: result.test ? JSON.stringify(result.test) : null,
      finishedAt: new Date().toISOString(),
    });
  }

  get(id: RunId): RunSummary | undefined {
    const row = this.#statements.get.get(id);
    return row && toSummary(row);
  }

  detail(id: RunId): RunDetail | undefined {
    const row = this.#statements.get.get(id);
    if (!row) return undefined;
    return {
      ...toSummary(row),
      // Written by `create` from a validated spec and config; read back as what was written.
      spec: JSON.parse(row.spec) as ModelSpec,
      config: trainingConfigOf(row.config),
      test: row.test_report ? (JSON.parse(row.test_report) as RunTestReport) : null,
      batches: toSeries(this.#statements.metrics.all(id, 'batch')),
      epochs: toSeries(this.#statements.metrics.all(id, 'epoch')),
    };
  }

  list(datasetId: number): RunSummary[] {
    return this.#statements.list.all(datasetId).map(toSummary);
  }

  delete(id: RunId): boolean {
    return this.#statements.delete.run(id).changes > 0;
  }

  /** The last epoch the run's checkpoint holds; null when it has none (any more). */
  setCheckpoint(id: RunId, epoch: number | null): void {
    this.#statements.setCheckpoint.run(epoch, id);
  }

  /** A run cut short (its engine died, the app closed) that its checkpoint can continue. */
  interrupt(id: RunId, message: string): void {
    this.#statements.interrupt.run(message, new Date().toISOString(), id);
  }

  /**
   * Makes an interrupted run active again from its checkpoint's epoch: what it recorded after that
   * epoch goes, and the epochs up to it are written as the checkpoint has them, so the resumed
   * run's metrics continue them without a gap or a repeat.
   */
  reopen(id: RunId, epoch: number, epochs: readonly MetricRow[]): void {
    this.#reopen(id, epoch, epochs);
  }

  /** Runs left active by a killed process. */
  interruptActive(): number {
    return this.#statements.interruptActive.run(new Date().toISOString()).changes;
  }
}

function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    preset: row.preset,
    modelName: (JSON.parse(row.spec) as { name?: string }).name ?? 'model',
    classes: JSON.parse(row.classes) as string[],
    inputSize: row.input_size,
    trainCount: row.train_count,
    valCount: row.val_count,
    testCount: row.test_count,
    backend: row.backend,
    status: row.status,
    message: row.message,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    imagesPerSecond: row.images_per_second,
    epochsRun: row.epochs_run,
    totalEpochs: (JSON.parse(row.config) as { epochs?: number }).epochs ?? 0,
    checkpointEpoch: row.checkpoint_epoch,
    keptEpoch: row.best_epoch,
    valAccuracy: row.val_accuracy,
    testAccuracy: row.test_accuracy,
    pretrained: (JSON.parse(row.config) as { pretrained?: ResolvedRecipe }).pretrained ?? null,
  };
}

/** The training settings of a config column, without the pretrained recipe stored beside them. */
function trainingConfigOf(column: string): TrainingConfig {
  const { pretrained: _recipe, ...config } = JSON.parse(column) as TrainingConfig & {
    pretrained?: unknown;
  };
  return config;
}

function toSeries(rows: readonly MetricDbRow[]): MetricSeries {
  const column = (pick: (row: MetricDbRow) => number | null): Float64Array =>
    Float64Array.from(rows, (row) => pick(row) ?? Number.NaN);
  return {
    step: column((r) => r.step),
    epoch: column((r) => r.epoch),
    loss: column((r) => r.loss),
    accuracy: column((r) => r.accuracy),
    valLoss: column((r) => r.val_loss),
    valAccuracy: column((r) => r.val_accuracy),
  };
}
