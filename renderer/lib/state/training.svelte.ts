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
import type { FitPreview } from '../../../app/images/common/fit.js';
import { isActiveStatus } from '../../../app/library/common/runs.js';
import { FoveaError } from '../../../app/base/common/errors.js';
import { ErrorState } from './error.svelte.js';
import type { LiveCurves } from './training-curves.js';
import { curvesOf, emptyCurves, withEpoch, withProgress } from './training-curves.js';
import type { WatchState } from './watch.svelte.js';
import type { FieldIssue } from './field-rules.js';
import { withEventStatus } from './run-status.js';
import { RecipeStorage } from './recipe-storage.js';
import { TrainingPlanState } from './training-plan.svelte.js';
import { BackbonesState } from './backbones.svelte.js';
import type { HeadSettings } from './start-from.svelte.js';
import { StartFromState } from './start-from.svelte.js';
import { LadderState } from './ladder.svelte.js';
import type { PretrainedRecipe } from '../../../app/engine/common/backbones.js';
import type { EventPayloads } from '../../../app/ipc/common/contract.js';

/** A pretrained run's embedding progress: images done of total, cached ones included. */
export type EmbeddingProgress = Omit<EventPayloads['training.embedding'], 'runId' | 'datasetId'>;

/** Epochs of the Learn area's short run: TinyVGG on the sample trains one in about 2 s. */
const quickRunEpochs = 15;

/**
 * The Train area: the model and recipe being set up, the run being watched (live or finished) and
 * the dataset's runs. Events of the watched run update the curves; others only refresh the list.
 * The Watch panel (`WatchState`, when given) follows the run being watched.
 */
export class TrainingState {
  readonly #client: FoveaClient;
  readonly #watch: WatchState | null;
  readonly #errors = new ErrorState();
  readonly #recipes: RecipeStorage;
  /** The counts a run would use, and the split offered when nothing would test it. */
  readonly plan: TrainingPlanState;
  /** The pretrained networks a run can start from, and their downloads. */
  readonly backbones: BackbonesState;
  /** The first choice: a pretrained backbone (default) or from scratch, and the head's settings. */
  readonly startFrom = new StartFromState();
  /** Runs of the dataset compared side by side, and the four-rung climb. */
  readonly ladder: LadderState;
  /** Fields whose typed value is refused, by field key; Start waits until there are none. */
  #fieldIssues = $state<Readonly<Record<string, FieldIssue>>>({});
  /** The setup shows the watched run's own settings (read-only) instead of the draft. */
  #isShowingRun = $state(false);
  #specVersion = 0;
  #startedRunId: number | null = null;
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
  #embedding = $state<EmbeddingProgress | null>(null);
  #curves = $state.raw<LiveCurves>(emptyCurves());
  #detail = $state<RunDetail | null>(null);
  readonly #watchedRun = $derived(this.#runs.find((r) => r.id === this.#watchedRunId) ?? null);

  constructor(
    client: FoveaClient,
    watch: WatchState | null = null,
    recipes: RecipeStorage = new RecipeStorage(),
  ) {
    this.#client = client;
    this.#watch = watch;
    this.#recipes = recipes;
    this.plan = new TrainingPlanState(client);
    this.backbones = new BackbonesState(client, (available) =>
      this.startFrom.setChoices(available),
    );
    this.ladder = new LadderState(client);
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
  /** The watched run's embedding while a pretrained run embeds its images; else null. */
  get embedding(): EmbeddingProgress | null {
    return this.#embedding;
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
  get fieldIssues(): Readonly<Record<string, FieldIssue>> {
    return this.#fieldIssues;
  }
  /** The run whose settings the setup shows read-only, or null while the draft is edited. */
  get shownRun(): RunDetail | null {
    return this.#isShowingRun ? this.#detail : null;
  }
  get isRunning(): boolean {
    return this.#watchedRun !== null && isActiveStatus(this.#watchedRun.status);
  }

  listen(): () => void {
    const stopEvents = this.#client.on('training.event', ({ runId, datasetId, event }) => {
      if (datasetId === this.#datasetId) this.#updateStatus(runId, event);
      if (runId === this.#watchedRunId) this.#apply(event);
    });
    const stopEmbedding = this.#client.on(
      'training.embedding',
      ({ runId, datasetId: _, ...done }) => {
        if (runId === this.#watchedRunId) this.#embedding = done;
      },
    );
    const stopRuns = this.#client.on('runs.changed', ({ datasetId, runId }) => {
      if (datasetId !== this.#datasetId) return;
      void this.#errors.attempt(async () => {
        await this.#loadRuns();
        if (runId !== this.#watchedRunId) return;
        if (this.isRunning) this.#follow();
        else await this.#show(runId);
        // A run started from the draft has the draft's settings: once it ends, the draft is
        // editable again for the next try.
        if (!this.isRunning && runId === this.#startedRunId) {
          this.#startedRunId = null;
          this.#isShowingRun = false;
        }
      });
    });
    const stopLadder = this.ladder.listen();
    return () => {
      stopLadder();
      stopEvents();
      stopEmbedding();
      stopRuns();
    };
  }

  /**
   * Opens a dataset with the recipe last set up for it (else the defaults) and watches `runId`
   * (else its latest run); the setup shows that run's settings only when a run is given.
   */
  async open(datasetId: number, runId: number | null = null): Promise<void> {
    const isOpened = await this.#errors.attempt(async () => {
      const options = await this.#client.training.options(datasetId);
      this.#datasetId = datasetId;
      this.#options = options;
      this.#fieldIssues = {};
      this.startFrom.setClasses(options.classes);
      await this.#restoreRecipe(datasetId, options);
      await this.#loadRuns();
      const shown = this.#runs.find((run) => run.id === runId) ?? this.#runs[0];
      this.#isShowingRun = shown !== undefined && shown.id === runId;
      if (shown) await this.#show(shown.id);
      else this.#clearWatch();
    });
    if (isOpened)
      await Promise.all([
        this.plan.open(datasetId),
        this.ladder.open(datasetId),
        this.backbones.load(),
      ]);
  }

  choosePreset(id: PresetId): void {
    const preset: PresetInfo | undefined = this.#options?.presets.find((p) => p.id === id);
    if (!preset) return;
    this.#presetId = id;
    this.#spec = $state.snapshot<ModelSpec>(preset.spec);
    this.#summary = preset.summary;
    this.#fieldIssues = {};
    this.#saveRecipe();
  }

  /** Notes what is wrong with a typed value (null: nothing); the field keeps its last good value. */
  setFieldIssue(key: string, issue: FieldIssue | null): void {
    const { [key]: _dropped, ...others } = this.#fieldIssues;
    this.#fieldIssues = issue ? { ...others, [key]: issue } : others;
  }

  /** Pretrained or from scratch; a field refused in the other form no longer blocks Start. */
  chooseStart(from: string): void {
    this.startFrom.choose(from);
    this.#fieldIssues = {};
    this.#saveRecipe();
  }

  setPretrained(change: Partial<PretrainedRecipe>): void {
    this.startFrom.setRecipe(change);
    this.#saveRecipe();
  }

  setHead(change: Partial<HeadSettings>): void {
    this.startFrom.setHead(change);
    this.#saveRecipe();
  }

  /** Makes the shown run's model and recipe the draft again, to edit and start anew. */
  async useRunSettings(): Promise<void> {
    const run = this.#detail;
    if (!run) return;
    if (run.pretrained) {
      const { backbone, ...recipe } = run.pretrained;
      this.#isShowingRun = false;
      this.startFrom.choose(backbone);
      this.startFrom.setRecipe($state.snapshot(recipe));
      this.startFrom.setHead({ epochs: run.config.epochs, learningRate: run.config.learningRate });
      this.#saveRecipe();
      return;
    }
    this.startFrom.choose('scratch');
    const preset = this.#options?.presets.find((p) => p.id === run.preset);
    this.#isShowingRun = false;
    this.#config = $state.snapshot(run.config);
    if (preset && preset.spec.name === run.spec.name) this.choosePreset(preset.id);
    else await this.#setSpec($state.snapshot(run.spec));
    this.#saveRecipe();
  }

  /** Leaves the shown run's settings for the draft. */
  editDraft(): void {
    this.#isShowingRun = false;
  }

  /** Replaces one layer (or removes it with null) and re-summarizes; the model becomes custom. */
  async editLayer(index: number, layer: LayerSpec | null): Promise<void> {
    if (!this.#spec || this.#datasetId === null) return;
    const layers = [...this.#spec.layers];
    if (layer) layers[index] = layer;
    else layers.splice(index, 1);
    if (!layer) this.#fieldIssues = {};
    await this.#setSpec({ name: 'Custom', layers });
  }

  async insertLayer(index: number, layer: LayerSpec): Promise<void> {
    if (!this.#spec) return;
    const layers = [...this.#spec.layers];
    layers.splice(index, 0, layer);
    this.#fieldIssues = {};
    await this.#setSpec({ name: 'Custom', layers });
  }

  /** The dataset's first photo under each fit, for the recipe's preview; null when it has none. */
  fitPreview(): Promise<FitPreview | null> {
    const datasetId = this.#datasetId;
    return datasetId === null ? Promise.resolve(null) : this.#client.training.fitPreview(datasetId);
  }

  setConfig(change: Partial<TrainingConfig>): void {
    if (this.#config) this.#config = { ...this.#config, ...change };
    this.#saveRecipe();
  }

  async start(): Promise<void> {
    const datasetId = this.#datasetId;
    const spec = this.#spec;
    if (datasetId !== null && this.startFrom.isPretrained) {
      const request = this.startFrom.request();
      // How photos fit the backbone's square is the same choice as from scratch.
      const fit = this.#config?.fit ?? 'squash';
      return this.#startRun({ datasetId, ...request, config: { ...request.config, fit } });
    }
    if (datasetId === null || !spec || !this.#config) return;
    await this.#startRun(
      this.#presetId === 'custom'
        ? { datasetId, spec, config: this.#config ?? {} }
        : { datasetId, presetId: this.#presetId, config: this.#config ?? {} },
    );
  }

  /**
   * The Learn area's "watch filters being learned" run: a small network for a few epochs on the
   * dataset in view, about half a minute on the built-in sample; the recipe form is left as it is.
   */
  async startQuick(): Promise<void> {
    const datasetId = this.#datasetId;
    if (datasetId === null) return;
    await this.#startRun({ datasetId, presetId: 'tiny-vgg', config: { epochs: quickRunEpochs } });
  }

  async #startRun(request: Parameters<FoveaClient['training']['start']>[0]): Promise<void> {
    await this.#errors.attempt(async () => {
      const { runId } = await this.#client.training.start(request);
      this.#watchedRunId = runId;
      this.#startedRunId = runId;
      this.#isShowingRun = true;
      this.#detail = null;
      this.#engineState = 'preparing';
      this.#progress = null;
      this.#embedding = null;
      this.#curves = emptyCurves();
      await this.#loadRuns();
      // The run's own settings, shown read-only while it trains.
      this.#detail = await this.#client.runs.get(runId);
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

  /** Shows a run the person picked, with its own settings in the setup. */
  async watch(runId: number): Promise<void> {
    this.#isShowingRun = true;
    await this.#show(runId);
  }

  /** Shows a run: a finished one from its stored metrics, a live one from its events. */
  async #show(runId: number): Promise<void> {
    await this.#errors.attempt(async () => {
      const detail = await this.#client.runs.get(runId);
      if (runId !== this.#watchedRunId) this.#embedding = null;
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
    this.#fieldIssues = {};
    this.#isShowingRun = false;
    this.#clearWatch();
    this.#errors.clear();
    this.plan.reset();
    this.ladder.reset();
  }

  #apply(event: TrainingEvent): void {
    switch (event.kind) {
      case 'state':
        this.#engineState = event.state;
        if (event.message) this.#errors.handleError(new FoveaError('engine_failed', event.message));
        return;
      case 'progress':
        this.#progress = event;
        this.#embedding = null;
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

  /** Keeps the list's statuses current: each run's state shows as its events arrive. */
  #updateStatus(runId: number, event: TrainingEvent): void {
    const runs = withEventStatus(this.#runs, runId, event);
    if (runs !== this.#runs) this.#runs = runs;
  }

  async #restoreRecipe(datasetId: number, options: TrainingOptions): Promise<void> {
    const stored = this.#recipes.load(datasetId);
    this.startFrom.restore(stored?.start ?? null);
    this.#config = { ...$state.snapshot(options.config), ...(stored?.config ?? {}) };
    const preset = options.presets.find((p) => p.id === stored?.presetId);
    if (stored && stored.presetId === 'custom') await this.#setSpec(stored.spec);
    else this.choosePreset(preset?.id ?? options.defaultPreset);
  }

  #saveRecipe(): void {
    const datasetId = this.#datasetId;
    if (datasetId === null || !this.#spec || !this.#config) return;
    this.#recipes.save(datasetId, {
      presetId: this.#presetId,
      spec: $state.snapshot(this.#spec),
      config: $state.snapshot(this.#config),
      start: this.startFrom.toStored(),
    });
  }

  async #setSpec(spec: ModelSpec): Promise<void> {
    const datasetId = this.#datasetId;
    if (datasetId === null) return;
    this.#presetId = 'custom';
    this.#spec = spec;
    this.#saveRecipe();
    await this.#errors.attempt(async () => {
      const version = ++this.#specVersion;
      const summary = await this.#client.training.summarize(datasetId, spec);
      // Typing fast sends several specs; only the summary of the last one is kept.
      if (version === this.#specVersion) this.#summary = summary;
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
    this.#embedding = null;
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
