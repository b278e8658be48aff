import type { FoveaClient, PresetInfo, TrainingOptions } from '../../../app/ipc/common/contract.js';
import type { PresetId } from '../../../app/engine/common/presets.js';
import type { LayerSpec, ModelSpec, ModelSummary } from '../../../app/engine/common/spec.js';
import type {
  ProgressEvent,
  TrainingConfig,
  TrainingEvent,
  TrainingState as EngineState,
} from '../../../app/engine/common/training.js';
import type { RunDetail, RunSummary } from '../../../app/library/common/runs.js';
import { isActiveStatus } from '../../../app/library/common/runs.js';
import { FoveaError } from '../../../app/base/common/errors.js';
import { ErrorState } from './error.svelte.js';
import type { LiveCurves } from './training-curves.js';
import { curvesOf, emptyCurves, withEpoch, withProgress } from './training-curves.js';
import type { WatchState } from './watch.svelte.js';

/**
 * The Train area: the model and recipe being set up, the run being watched (live or finished) and
 * the dataset's runs. Events of the watched run update the curves; others only refresh the list.
 * The Watch panel (`WatchState`, when given) follows the run being watched.
 */
export class TrainingState {
  readonly #client: FoveaClient;
  readonly #watch: WatchState | null;
  readonly #errors = new ErrorState();
  #datasetId = $state<number | null>(null);
  #options = $state<TrainingOptions | null>(null);
  #presetId = $state<PresetId | 'custom'>('fovea-default');
  #spec = $state<ModelSpec | null>(null);
  #summary = $state<ModelSummary | null>(null);
  #config = $state<TrainingConfig | null>(null);
  #runs = $state<RunSummary[]>([]);
  #watchedRunId = $state<number | null>(null);
  #engineState = $state<EngineState | null>(null);
  #progress = $state<ProgressEvent | null>(null);
  #curves = $state.raw<LiveCurves>(emptyCurves());
  #detail = $state<RunDetail | null>(null);
  readonly #watchedRun = $derived(this.#runs.find((r) => r.id === this.#watchedRunId) ?? null);

  constructor(client: FoveaClient, watch: WatchState | null = null) {
    this.#client = client;
    this.#watch = watch;
  }

  get options(): TrainingOptions | null {
    return this.#options;
  }
  get presetId(): PresetId | 'custom' {
    return this.#presetId;
  }
  get spec(): ModelSpec | null {
    return this.#spec;
  }
  get summary(): ModelSummary | null {
    return this.#summary;
  }
  get config(): TrainingConfig | null {
    return this.#config;
  }
  get runs(): readonly RunSummary[] {
    return this.#runs;
  }
  get watchedRun(): RunSummary | null {
    return this.#watchedRun;
  }
  get engineState(): EngineState | null {
    return this.#engineState;
  }
  get progress(): ProgressEvent | null {
    return this.#progress;
  }
  get curves(): LiveCurves {
    return this.#curves;
  }
  get detail(): RunDetail | null {
    return this.#detail;
  }
  get errors(): ErrorState {
    return this.#errors;
  }
  get isRunning(): boolean {
    return this.#watchedRun !== null && isActiveStatus(this.#watchedRun.status);
  }

  listen(): () => void {
    const stopEvents = this.#client.on('training.event', ({ runId, event }) => {
      if (runId === this.#watchedRunId) this.#apply(event);
    });
    const stopRuns = this.#client.on('runs.changed', ({ datasetId, runId }) => {
      if (datasetId !== this.#datasetId) return;
      void this.#errors.attempt(async () => {
        await this.#loadRuns();
        if (runId !== this.#watchedRunId) return;
        if (this.isRunning) this.#follow();
        else await this.watch(runId);
      });
    });
    return () => {
      stopEvents();
      stopRuns();
    };
  }

  async open(datasetId: number): Promise<void> {
    await this.#errors.attempt(async () => {
      const options = await this.#client.training.options(datasetId);
      this.#datasetId = datasetId;
      this.#options = options;
      this.#config = $state.snapshot(options.config);
      this.choosePreset(options.defaultPreset);
      await this.#loadRuns();
      const latest = this.#runs[0];
      if (latest) await this.watch(latest.id);
      else this.#clearWatch();
    });
  }

  choosePreset(id: PresetId): void {
    const preset: PresetInfo | undefined = this.#options?.presets.find((p) => p.id === id);
    if (!preset) return;
    this.#presetId = id;
    this.#spec = $state.snapshot<ModelSpec>(preset.spec);
    this.#summary = preset.summary;
  }

  /** Replaces one layer (or removes it with null) and re-summarizes; the model becomes custom. */
  async editLayer(index: number, layer: LayerSpec | null): Promise<void> {
    if (!this.#spec || this.#datasetId === null) return;
    const layers = [...this.#spec.layers];
    if (layer) layers[index] = layer;
    else layers.splice(index, 1);
    await this.#setSpec({ name: 'Custom', layers });
  }

  async insertLayer(index: number, layer: LayerSpec): Promise<void> {
    if (!this.#spec) return;
    const layers = [...this.#spec.layers];
    layers.splice(index, 0, layer);
    await this.#setSpec({ name: 'Custom', layers });
  }

  setConfig(change: Partial<TrainingConfig>): void {
    if (this.#config) this.#config = { ...this.#config, ...change };
  }

  async start(): Promise<void> {
    const datasetId = this.#datasetId;
    const spec = this.#spec;
    if (datasetId === null || !spec || !this.#config) return;
    await this.#errors.attempt(async () => {
      const request =
        this.#presetId === 'custom'
          ? { datasetId, spec, config: this.#config ?? {} }
          : { datasetId, presetId: this.#presetId, config: this.#config ?? {} };
      const { runId } = await this.#client.training.start(request);
      this.#watchedRunId = runId;
      this.#detail = null;
      this.#engineState = 'preparing';
      this.#progress = null;
      this.#curves = emptyCurves();
      await this.#loadRuns();
      this.#follow();
    });
  }

  pause(): Promise<void> {
    return this.#control((id) => this.#client.training.pause(id));
  }
  resume(): Promise<void> {
    return this.#control((id) => this.#client.training.resume(id));
  }
  stop(): Promise<void> {
    return this.#control((id) => this.#client.training.stop(id));
  }

  /**
   * Continues an interrupted run from its last checkpoint (`training.continue`, not the un-pause
   * of `resume`), then watches it: its stored epochs, then its live events.
   */
  async continueRun(runId: number): Promise<void> {
    const isUnderWay = await this.#errors.attempt(async () => {
      await this.#client.training.continue(runId);
      await this.#loadRuns();
    });
    if (isUnderWay) await this.watch(runId);
  }

  /** Shows a run: a finished one from its stored metrics, a live one from its events. */
  async watch(runId: number): Promise<void> {
    await this.#errors.attempt(async () => {
      const detail = await this.#client.runs.get(runId);
      this.#watchedRunId = runId;
      this.#detail = detail;
      this.#engineState = null;
      this.#curves = curvesOf(detail);
      this.#follow();
    });
  }

  reset(): void {
    this.#datasetId = null;
    this.#options = null;
    this.#runs = [];
    this.#clearWatch();
    this.#errors.clear();
  }

  #apply(event: TrainingEvent): void {
    switch (event.kind) {
      case 'state':
        this.#engineState = event.state;
        if (event.message) this.#errors.handleError(new FoveaError('engine_failed', event.message));
        return;
      case 'progress':
        this.#progress = event;
        this.#engineState = 'training';
        this.#curves = withProgress(this.#curves, event);
        return;
      case 'epoch':
        this.#curves = withEpoch(this.#curves, event);
        return;
      case 'final':
        this.#engineState = event.state;
        return;
    }
  }

  async #setSpec(spec: ModelSpec): Promise<void> {
    const datasetId = this.#datasetId;
    if (datasetId === null) return;
    this.#presetId = 'custom';
    this.#spec = spec;
    await this.#errors.attempt(async () => {
      this.#summary = await this.#client.training.summarize(datasetId, spec);
    });
  }

  async #loadRuns(): Promise<void> {
    if (this.#datasetId !== null) this.#runs = await this.#client.runs.list(this.#datasetId);
  }

  async #control(action: (runId: number) => Promise<unknown>): Promise<void> {
    const runId = this.#watchedRunId;
    if (runId !== null) await this.#errors.attempt(() => action(runId));
  }

  #clearWatch(): void {
    this.#watchedRunId = null;
    this.#detail = null;
    this.#engineState = null;
    this.#progress = null;
    this.#curves = emptyCurves();
  }

  /** The Watch panel shows the run in view: live frames while it trains, else its snapshots. */
  #follow(): void {
    const run = this.#watchedRun;
    if (!run || !this.#watch) return;
    // The run's own spec once its detail is here; until then the one it was started with.
    const layers = this.#detail?.spec.layers ?? this.#spec?.layers ?? [];
    void this.#watch.follow(run.id, run.datasetId, layers, this.isRunning);
  }
}
