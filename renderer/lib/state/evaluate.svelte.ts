import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import type { EvaluationReport, Mistake } from '../../../app/engine/common/evaluation.js';
import type { Explanation, ExportKind, ExportResult } from '../../../app/engine/common/exports.js';
import type { RunSummary } from '../../../app/library/common/runs.js';
import { ErrorState } from './error.svelte.js';

/** At most this many mistakes, and images of an open cell, are shown (and explained). */
const shownMistakes = 24;
const shownCellImages = 64;

/** A heat map of one image: side × side values in [0, 1]. */
export interface Heatmap {
  readonly side: number;
  readonly values: Float32Array;
}

export interface TriedImage {
  readonly name: string;
  readonly url: string;
  readonly classes: readonly string[];
  readonly probabilities: readonly number[];
  readonly heatmap: Heatmap | null;
  /** Below the run's threshold the image reads "not sure". */
  readonly isSure: boolean;
}

/** Where a cell of the confusion matrix is open: its images are listed. */
export interface OpenCell {
  readonly actual: number;
  readonly predicted: number;
}

function heatmapsOf(explanation: Explanation, count: number): (Heatmap | null)[] {
  const area = explanation.side * explanation.side;
  return Array.from({ length: count }, (_, index) =>
    explanation.heatmaps === null
      ? null
      : {
          side: explanation.side,
          values: explanation.heatmaps.slice(index * area, (index + 1) * area),
        },
  );
}

/**
 * The Evaluate area's state: the runs with a saved model, the evaluation of the chosen one, the
 * open confusion cell, heat maps of the images shown, a tried image, exports, and the last error.
 */
export class EvaluateState {
  readonly #client: FoveaClient;
  #runs = $state<RunSummary[]>([]);
  #runId = $state<number | null>(null);
  #report = $state<EvaluationReport | null>(null);
  #cell = $state<OpenCell | null>(null);
  #heatmaps = $state<Map<number, Heatmap | null>>(new Map());
  #tried = $state<TriedImage | null>(null);
  #exported = $state<ExportResult | null>(null);
  /** Images deleted here since the last undo; Undo brings them all back. */
  #removed = $state<readonly number[]>([]);
  #busy = $state<string | null>(null);
  readonly #errors = new ErrorState();
  readonly #mistakes = $derived(this.#report?.mistakes.slice(0, shownMistakes) ?? []);
  readonly #cellImageIds = $derived.by((): readonly number[] => {
    const cell = this.#cell;
    if (!this.#report || !cell) return [];
    const ids = this.#report.cellImages[cell.actual]?.[cell.predicted] ?? [];
    return ids.slice(0, shownCellImages);
  });
  opacity = $state(0.6);

  constructor(client: FoveaClient) {
    this.#client = client;
  }

  get runs(): readonly RunSummary[] {
    return this.#runs;
  }
  get runId(): number | null {
    return this.#runId;
  }
  get report(): EvaluationReport | null {
    return this.#report;
  }
  get cell(): OpenCell | null {
    return this.#cell;
  }
  get tried(): TriedImage | null {
    return this.#tried;
  }
  get exported(): ExportResult | null {
    return this.#exported;
  }
  get removed(): readonly number[] {
    return this.#removed;
  }
  /** The most confidently wrong images of the report, as many as are shown. */
  get mistakes(): readonly Mistake[] {
    return this.#mistakes;
  }
  /** The images of the open confusion cell, as many as are shown. */
  get cellImageIds(): readonly number[] {
    return this.#cellImageIds;
  }
  get busy(): string | null {
    return this.#busy;
  }
  get errors(): ErrorState {
    return this.#errors;
  }
  heatmap(imageId: number): Heatmap | null | undefined {
    return this.#heatmaps.get(imageId);
  }

  /** The area opens on a dataset: its runs, and the evaluation of the chosen one. */
  async open(datasetId: number): Promise<void> {
    await this.load(datasetId);
    await this.evaluate();
  }

  /** Runs of the dataset that ended with a model (completed or stopped). */
  async load(datasetId: number): Promise<void> {
    await this.#attempt('load', async () => {
      const runs = await this.#client.runs.list(datasetId);
      this.#runs = runs.filter((run) => run.status === 'completed' || run.status === 'stopped');
      if (!this.#runs.some((run) => run.id === this.#runId))
        this.#runId = this.#runs[0]?.id ?? null;
    });
  }

  async select(runId: number): Promise<void> {
    this.#runId = runId;
    this.#report = null;
    this.#cell = null;
    this.#heatmaps = new Map();
    this.#tried = null;
    this.#removed = [];
    await this.evaluate();
  }

  async evaluate(): Promise<void> {
    const runId = this.#runId;
    if (runId === null) return;
    await this.#attempt('evaluate', async () => {
      this.#report = await this.#client.evaluation.run(runId);
    });
    await this.explain(this.#mistakes.map((mistake) => mistake.imageId));
    await this.explain(this.#cellImageIds);
  }

  async openCell(cell: OpenCell | null): Promise<void> {
    this.#cell = cell;
    await this.explain(this.#cellImageIds);
  }

  /** Heat maps for the images that do not have one yet (at most 64 at a time). */
  async explain(imageIds: readonly number[]): Promise<void> {
    const runId = this.#runId;
    const missing = imageIds.filter((id) => !this.#heatmaps.has(id)).slice(0, 64);
    if (runId === null || missing.length === 0) return;
    await this.#attempt(null, async () => {
      const explanation = await this.#client.evaluation.heatmaps(runId, missing, null);
      const next = new Map(this.#heatmaps);
      heatmapsOf(explanation, missing.length).forEach((map, index) =>
        next.set(missing[index]!, map),
      );
      this.#heatmaps = next;
    });
  }

  async tryImage(file: File): Promise<void> {
    const runId = this.#runId;
    if (runId === null) return;
    await this.#attempt('try', async () => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const explanation = await this.#client.evaluation.predict(runId, bytes);
      if (this.#tried) URL.revokeObjectURL(this.#tried.url);
      this.#tried = {
        name: file.name,
        url: URL.createObjectURL(file),
        classes: explanation.classes,
        probabilities: [...explanation.probabilities],
        heatmap: heatmapsOf(explanation, 1)[0] ?? null,
        isSure: Math.max(...explanation.probabilities) >= (explanation.rule?.threshold ?? 0),
      };
    });
  }

  /** Fix the data: give an image another class, then evaluate again. */
  async relabel(imageId: number, classId: number): Promise<void> {
    const isDone = await this.#attempt('relabel', async () => {
      await this.#client.images.setClass([imageId], classId);
    });
    if (isDone) await this.evaluate();
  }

  /** A soft delete, as in the Datasets area: `undoRemove` (or its Undo) brings the images back. */
  async remove(imageId: number): Promise<void> {
    const isDone = await this.#attempt('remove', async () => {
      await this.#client.images.delete([imageId]);
      this.#removed = [...this.#removed, imageId];
    });
    if (isDone) await this.evaluate();
  }

  async undoRemove(): Promise<void> {
    const imageIds = this.#removed;
    if (imageIds.length === 0) return;
    const isDone = await this.#attempt('remove', async () => {
      await this.#client.images.restore([...imageIds]);
      this.#removed = [];
    });
    if (isDone) await this.evaluate();
  }

  async export(format: ExportKind, target: string | undefined): Promise<ExportResult | null> {
    const runId = this.#runId;
    if (runId === null) return null;
    this.#exported = null;
    await this.#attempt('export', async () => {
      this.#exported = await this.#client.exports.start({
        format,
        runId,
        ...(target === undefined ? {} : { target }),
      });
    });
    return this.#exported;
  }

  reset(): void {
    this.#runs = [];
    this.#runId = null;
    this.#report = null;
    this.#cell = null;
    this.#heatmaps = new Map();
    this.#tried = null;
    this.#exported = null;
    this.#removed = [];
    this.#busy = null;
    this.#errors.clear();
  }

  /** `busy` names the work under way while it runs (null: background work, no indicator). */
  async #attempt(busy: string | null, work: () => Promise<void>): Promise<boolean> {
    if (busy !== null) this.#busy = busy;
    try {
      return await this.#errors.attempt(work);
    } finally {
      if (busy !== null) this.#busy = null;
    }
  }
}
