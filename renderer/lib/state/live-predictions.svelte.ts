import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import type { Explanation } from '../../../app/engine/common/exports.js';
import { importAsNone } from '../background-class.js';
import { ErrorState } from './error.svelte.js';
import type { Heatmap } from './evaluate.svelte.js';

/** Frames/s is measured over this many recent predictions. */
const rateWindow = 10;

export interface LivePrediction {
  readonly classes: readonly string[];
  readonly probabilities: readonly number[];
  /** Below the run's "none of these" threshold the frame reads "not sure". */
  readonly isSure: boolean;
  readonly threshold: number;
  /** Grad-CAM of the frame when it was asked for, over the model's square input. */
  readonly heatmap: Heatmap | null;
}

export interface LiveDeps {
  /** The newest camera frame as an image file (waits for one the camera has not sent before). */
  readonly grab: () => Promise<Blob>;
  /** Milliseconds; tests pass a fake clock. */
  readonly now?: () => number;
}

/**
 * "Try it live": the camera's frames classified one after another by a run, in the engine process
 * (the same `evaluation.predict` as "try an image"). Latest-only by construction: one frame is on
 * its way at a time and the next one is taken from the camera only when its answer came back, so
 * frames never queue up behind a slow model and the page never waits on them. Off → Running → Off.
 */
export class LivePredictionsState {
  readonly #client: FoveaClient;
  #isRunning = $state(false);
  #prediction = $state.raw<LivePrediction | null>(null);
  #frames = $state(0);
  #framesPerSecond = $state<number | null>(null);
  #times: number[] = [];
  /** Each start gets a new one, so answers of a stopped loop are dropped. */
  #generation = 0;
  readonly #errors = new ErrorState();
  #addedTo = $state<string | null>(null);
  /** Ask for the Grad-CAM overlay with each frame (slower). */
  isHeatmapOn = $state(false);

  constructor(client: FoveaClient) {
    this.#client = client;
  }

  get isRunning(): boolean {
    return this.#isRunning;
  }
  get prediction(): LivePrediction | null {
    return this.#prediction;
  }
  /** Frames classified since the start. */
  get frames(): number {
    return this.#frames;
  }
  /** Predictions per second over the last few; null until two came back. */
  get framesPerSecond(): number | null {
    return this.#framesPerSecond;
  }
  get errors(): ErrorState {
    return this.#errors;
  }
  /** The class the last frame marked "none of these" went to. */
  get addedTo(): string | null {
    return this.#addedTo;
  }

  /** A frame the person says is none of the classes: imported into the background class. */
  async addFrameAsNone(datasetId: number, frame: Blob, now: Date = new Date()): Promise<void> {
    this.#addedTo = null;
    await this.#errors.attempt(async () => {
      const name = `camera-none-${now.toISOString().replace(/[:.]/g, '-')}.jpg`;
      const file = new File([frame], name, { type: frame.type || 'image/jpeg' });
      this.#addedTo = (await importAsNone(this.#client, datasetId, file)).target.name;
    });
  }

  /**
   * Classifies frame after frame until `stop` (or a failure, which it reports). `runOf` is read
   * for each frame, so choosing another run switches the model; none stops the loop.
   */
  async start(runOf: () => number | null, deps: LiveDeps): Promise<void> {
    if (this.#isRunning) return;
    const generation = ++this.#generation;
    const now = deps.now ?? (() => performance.now());
    this.#isRunning = true;
    this.#frames = 0;
    this.#framesPerSecond = null;
    this.#times = [];
    this.#prediction = null;
    this.#errors.clear();
    try {
      while (generation === this.#generation) {
        const frame = await deps.grab();
        const runId = runOf();
        if (generation !== this.#generation || runId === null) break;
        const bytes = new Uint8Array(await frame.arrayBuffer());
        const explanation = await this.#client.evaluation.predict(runId, bytes, {
          heatmap: this.isHeatmapOn,
        });
        if (generation !== this.#generation) break;
        this.#show(explanation, now());
      }
    } catch (error) {
      if (generation === this.#generation) this.#errors.handleError(error);
    } finally {
      if (generation === this.#generation) this.#isRunning = false;
    }
  }

  /** Stops after the frame on its way (its answer is dropped). */
  stop(): void {
    this.#generation += 1;
    this.#isRunning = false;
  }

  reset(): void {
    this.stop();
    this.#prediction = null;
    this.#frames = 0;
    this.#framesPerSecond = null;
    this.#addedTo = null;
    this.#errors.clear();
  }

  #show(explanation: Explanation, time: number): void {
    const probabilities = [...explanation.probabilities];
    const threshold = explanation.rule?.threshold ?? 0;
    const side = explanation.side;
    this.#prediction = {
      classes: explanation.classes,
      probabilities,
      isSure: Math.max(...probabilities) >= threshold,
      threshold,
      heatmap:
        explanation.heatmaps === null
          ? null
          : { side, values: explanation.heatmaps.slice(0, side * side) },
    };
    this.#frames += 1;
    this.#times = [...this.#times.slice(-(rateWindow - 1)), time];
    const first = this.#times[0]!;
    const elapsed = (time - first) / 1000;
    this.#framesPerSecond = elapsed > 0 ? (this.#times.length - 1) / elapsed : null;
  }
}
