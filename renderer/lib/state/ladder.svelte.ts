import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import type { RunId } from '../../../app/engine/common/run-id.js';
import type { RunDetail, RunSummary } from '../../../app/library/common/runs.js';
import { isActiveStatus } from '../../../app/library/common/runs.js';
import { toErrorInfo } from '../../../app/base/common/errors.js';
import { ErrorState } from './error.svelte.js';
import type { LadderRow, Rung } from './ladder-rows.js';
import { ladderRequests, ladderRows } from './ladder-rows.js';

/** Runs compared when the view opens: the latest finished ones. */
const initiallyCompared = 4;
/** From-scratch rungs' epochs unless the person types others (the default recipe's). */
const defaultScratchEpochs = 100;

/**
 * One rung of a climb: waiting → running → completed | failed | stopped, or `skipped` when the
 * climb was cancelled before it began. A rung that failed keeps the message that says why.
 */
export interface ClimbRung {
  readonly rung: Rung;
  readonly runId: RunId | null;
  readonly status: 'waiting' | 'running' | 'completed' | 'failed' | 'stopped' | 'skipped';
  readonly message: string | null;
}

/** How far the rung under way is: embedding images, or training epochs. */
export type RungProgress =
  | { readonly kind: 'embedding'; readonly done: number; readonly total: number }
  | { readonly kind: 'training'; readonly epoch: number; readonly epochs: number };

/**
 * The ladder: runs of the dataset in view chosen to compare side by side, and "Run the ladder",
 * which trains the four rungs one after another with progress and cancel.
 */
export class LadderState {
  readonly #client: FoveaClient;
  readonly #errors = new ErrorState();
  #datasetId = $state<number | null>(null);
  #runs = $state<RunSummary[]>([]);
  #chosen = $state<RunId[]>([]);
  #details = $state.raw<RunDetail[]>([]);
  #climb = $state<ClimbRung[]>([]);
  #isClimbing = $state(false);
  #isCancelled = false;
  #progress = $state<RungProgress | null>(null);
  #scratchEpochs = $state(defaultScratchEpochs);
  /** Resolvers of runs the climb waits for, called when the run is no longer active. */
  readonly #waiting = new Map<RunId, (run: RunSummary) => void>();
  readonly #rows = $derived(ladderRows(this.#details));

  constructor(client: FoveaClient) {
    this.#client = client;
  }

  get runs(): readonly RunSummary[] {
    return this.#runs;
  }
  get chosen(): readonly RunId[] {
    return this.#chosen;
  }
  /** The chosen runs' details, in the order of the runs list. */
  get details(): readonly RunDetail[] {
    return this.#details;
  }
  get rows(): readonly LadderRow[] {
    return this.#rows;
  }
  get climb(): readonly ClimbRung[] {
    return this.#climb;
  }
  get isClimbing(): boolean {
    return this.#isClimbing;
  }
  /** The rung under way, how far it is; null between rungs. */
  get progress(): RungProgress | null {
    return this.#progress;
  }
  get scratchEpochs(): number {
    return this.#scratchEpochs;
  }
  get errors(): ErrorState {
    return this.#errors;
  }

  listen(): () => void {
    const stopEmbedding = this.#client.on('training.embedding', ({ runId, done, total }) => {
      if (this.#isCurrent(runId)) this.#progress = { kind: 'embedding', done, total };
    });
    const stopEvents = this.#client.on('training.event', ({ runId, event }) => {
      if (event.kind === 'progress' && this.#isCurrent(runId))
        this.#progress = { kind: 'training', epoch: event.epoch, epochs: event.epochs };
    });
    const stopRuns = this.#client.on('runs.changed', ({ datasetId, runId }) => {
      if (datasetId !== this.#datasetId) return;
      void this.#errors.attempt(async () => {
        await this.#loadRuns();
        const run = this.#runs.find((r) => r.id === runId);
        if (run && !isActiveStatus(run.status)) this.#waiting.get(runId)?.(run);
        if (this.#chosen.includes(runId)) await this.#loadDetails();
      });
    });
    return () => {
      stopEmbedding();
      stopEvents();
      stopRuns();
    };
  }

  /** The dataset's runs, with its latest finished ones chosen. */
  async open(datasetId: number): Promise<void> {
    if (datasetId !== this.#datasetId) this.#climb = [];
    this.#datasetId = datasetId;
    await this.#errors.attempt(async () => {
      await this.#loadRuns();
      this.#chosen = this.#runs
        .filter((run) => !isActiveStatus(run.status))
        .slice(0, initiallyCompared)
        .map((run) => run.id);
      await this.#loadDetails();
    });
  }

  async toggle(runId: RunId): Promise<void> {
    const isChosen = this.#chosen.includes(runId);
    this.#chosen = isChosen ? this.#chosen.filter((id) => id !== runId) : [...this.#chosen, runId];
    await this.#errors.attempt(() => this.#loadDetails());
  }

  setScratchEpochs(epochs: number): void {
    this.#scratchEpochs = epochs;
  }

  /** Trains the four rungs in turn; the runs made are what the view compares once it is done. */
  async runLadder(): Promise<void> {
    const datasetId = this.#datasetId;
    if (datasetId === null || this.#isClimbing) return;
    const steps = ladderRequests(datasetId, this.#scratchEpochs);
    this.#climb = steps.map(({ rung }) => ({
      rung,
      runId: null,
      status: 'waiting',
      message: null,
    }));
    this.#isClimbing = true;
    this.#isCancelled = false;
    const made: RunId[] = [];
    try {
      for (const [index, { request }] of steps.entries()) {
        if (this.#isCancelled) {
          this.#setRung(index, { status: 'skipped' });
          continue;
        }
        const runId = await this.#climbRung(index, request);
        if (runId !== null) made.push(runId);
      }
    } finally {
      this.#isClimbing = false;
    }
    this.#chosen = made;
    await this.#errors.attempt(() => this.#loadDetails());
  }

  /** Stops the rung under way and skips the rest. */
  async cancel(): Promise<void> {
    this.#isCancelled = true;
    const running = this.#climb.find((rung) => rung.status === 'running');
    if (running?.runId != null) {
      const runId = running.runId;
      await this.#errors.attempt(() => this.#client.training.stop(runId));
    }
  }

  reset(): void {
    this.#datasetId = null;
    this.#runs = [];
    this.#chosen = [];
    this.#details = [];
    this.#climb = [];
    this.#errors.clear();
  }

  /** One rung: start it, wait for its end; a refused start is a failed rung, not a stop. */
  async #climbRung(
    index: number,
    request: Parameters<FoveaClient['training']['start']>[0],
  ): Promise<RunId | null> {
    this.#setRung(index, { status: 'running' });
    let runId: RunId;
    try {
      runId = (await this.#client.training.start(request)).runId;
    } catch (error) {
      this.#setRung(index, { status: 'failed', message: toErrorInfo(error).message });
      return null;
    }
    this.#setRung(index, { runId });
    const run = await this.#untilEnded(runId);
    this.#progress = null;
    const status =
      run.status === 'completed' ? 'completed' : run.status === 'failed' ? 'failed' : 'stopped';
    this.#setRung(index, { status, message: run.message });
    return runId;
  }

  /** Resolves with the run once it is no longer active (its `runs.changed`, or a look now). */
  #untilEnded(runId: RunId): Promise<RunSummary> {
    return new Promise<RunSummary>((resolve) => {
      this.#waiting.set(runId, (run) => {
        this.#waiting.delete(runId);
        resolve(run);
      });
      void this.#errors.attempt(async () => {
        const run = await this.#client.runs.get(runId);
        if (!isActiveStatus(run.status)) this.#waiting.get(runId)?.(run);
      });
    });
  }

  #isCurrent(runId: RunId): boolean {
    return this.#climb.some((rung) => rung.status === 'running' && rung.runId === runId);
  }

  #setRung(index: number, change: Partial<ClimbRung>): void {
    this.#climb = this.#climb.map((rung, i) => (i === index ? { ...rung, ...change } : rung));
  }

  async #loadRuns(): Promise<void> {
    if (this.#datasetId !== null) this.#runs = await this.#client.runs.list(this.#datasetId);
  }

  async #loadDetails(): Promise<void> {
    const ids = this.#runs.map((run) => run.id).filter((id) => this.#chosen.includes(id));
    this.#details = await Promise.all(ids.map((id) => this.#client.runs.get(id)));
  }
}
