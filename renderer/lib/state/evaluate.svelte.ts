import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import type { EvaluationReport, Mistake } from '../../../app/engine/common/evaluation.js';
import type { Explanation, ExportKind, ExportResult } from '../../../app/engine/common/exports.js';
import type { RunSummary } from '../../../app/library/common/runs.js';
import { markImagesAsNone } from '../background-class.js';
import { ErrorState } from './error.svelte.js';

/**
 * At first this many mistakes, and images of an open cell, are shown (and explained); "show all"
 * lifts the limit.
 */
const shownMistakes = 24;
const shownCellImages = 64;

/** One image opened large: where it was opened from, and what the report knows of it. */
export interface OpenedImage {
  readonly imageId: number;
  readonly actual: number;
  readonly predicted: number;
  /** Per class, when the report has them (mistakes); null for an image of a correct cell. */
  readonly probabilities: readonly number[] | null;
}

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
  #datasetId: number | null = null;
  #report = $state<EvaluationReport | null>(null);
  #cell = $state<OpenCell | null>(null);
  #heatmaps = $state<Map<number, Heatmap | null>>(new Map());
  #tried = $state<TriedImage | null>(null);
  #exported = $state<ExportResult | null>(null);
  /** Images deleted here since the last undo; Undo brings them all back. */
  #removed = $state<readonly number[]>([]);
  #busy = $state<string | null>(null);
  #mistakeLimit = $state(shownMistakes);
  #cellLimit = $state(shownCellImages);
  #openedId = $state<number | null>(null);
  readonly #errors = new ErrorState();
  readonly #mistakes = $derived(this.#report?.mistakes.slice(0, this.#mistakeLimit) ?? []);
  readonly #allCellImageIds = $derived.by((): readonly number[] => {
    const cell = this.#cell;
    if (!this.#report || !cell) return [];
    return this.#report.cellImages[cell.actual]?.[cell.predicted] ?? [];
  });
  readonly #cellImageIds = $derived(this.#allCellImageIds.slice(0, this.#cellLimit));
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
  /** How many mistakes the report has (`mistakes` may show fewer). */
  get mistakeCount(): number {
    return this.#report?.mistakes.length ?? 0;
  }
  /** The images of the open confusion cell, as many as are shown. */
  get cellImageIds(): readonly number[] {
    return this.#cellImageIds;
  }
  /** How many images the open cell holds (`cellImageIds` may show fewer). */
  get cellImageCount(): number {
    return this.#allCellImageIds.length;
  }
  /** The image opened large, with what the report says of it; null when none is open. */
  get opened(): OpenedImage | null {
    const imageId = this.#openedId;
    const report = this.#report;
    if (imageId === null || !report) return null;
    const mistake = report.mistakes.find((each) => each.imageId === imageId);
    if (mistake) return { ...mistake };
    const cell = this.#cell;
    if (cell && this.#allCellImageIds.includes(imageId))
      return { imageId, actual: cell.actual, predicted: cell.predicted, probabilities: null };
    return null;
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

  /** The area opens on a dataset: its runs, and the evaluation of `runId` or the default one. */
  async open(datasetId: number, runId: number | null = null): Promise<void> {
    await this.load(datasetId, runId);
    await this.evaluate();
  }

  /**
   * Runs of the dataset that ended with a model (completed or stopped), newest first. `runId` (the
   * address's) if it has a model, else the one chosen before, else the last completed run (a
   * stopped one only if none completed).
   */
  async load(datasetId: number, runId: number | null = null): Promise<void> {
    this.#datasetId = datasetId;
    await this.#attempt('load', async () => {
      const runs = await this.#client.runs.list(datasetId);
      this.#runs = runs.filter((run) => run.status === 'completed' || run.status === 'stopped');
      const wanted = runId ?? this.#runId;
      if (this.#runs.some((run) => run.id === wanted)) {
        if (wanted !== this.#runId) this.#clearReport();
        this.#runId = wanted;
        return;
      }
      const completed = this.#runs.find((run) => run.status === 'completed');
      this.#runId = (completed ?? this.#runs[0])?.id ?? null;
      this.#clearReport();
    });
  }

  async select(runId: number): Promise<void> {
    this.#runId = runId;
    this.#clearReport();
    await this.evaluate();
  }

  /** What was shown of the previous run goes, so no figure of it stands beside another run. */
  #clearReport(): void {
    this.#report = null;
    this.#cell = null;
    this.#openedId = null;
    this.#mistakeLimit = shownMistakes;
    this.#cellLimit = shownCellImages;
    this.#heatmaps = new Map();
    this.#tried = null;
    this.#removed = [];
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
    this.#cellLimit = shownCellImages;
    await this.explain(this.#cellImageIds);
  }

  /** Shows every mistake, and explains the ones not shown before. */
  async showAllMistakes(): Promise<void> {
    this.#mistakeLimit = Number.POSITIVE_INFINITY;
    await this.#explainAll(this.#mistakes.map((mistake) => mistake.imageId));
  }

  /** Shows every image of the open cell, and explains them. */
  async showAllCellImages(): Promise<void> {
    this.#cellLimit = Number.POSITIVE_INFINITY;
    await this.#explainAll(this.#cellImageIds);
  }

  /** Opens one image large (from the mistakes or the open cell); null closes it. */
  openImage(imageId: number | null): void {
    this.#openedId = imageId;
  }

  async #explainAll(imageIds: readonly number[]): Promise<void> {
    for (let start = 0; start < imageIds.length; start += 64)
      await this.explain(imageIds.slice(start, start + 64));
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
      if (this.#openedId === imageId) this.#openedId = null;
    });
    if (isDone) await this.evaluate();
  }

  /** "None of these": the image goes to the dataset's background class (made if missing). */
  async markAsNone(imageId: number): Promise<void> {
    const datasetId = this.#datasetId;
    if (datasetId === null) return;
    const isDone = await this.#attempt('relabel', async () => {
      await markImagesAsNone(this.#client, datasetId, [imageId]);
      if (this.#openedId === imageId) this.#openedId = null;
    });
    if (isDone) await this.evaluate();
  }

  /** A soft delete, as in the Datasets area: `undoRemove` (or its Undo) brings the images back. */
  async remove(imageId: number): Promise<void> {
    const isDone = await this.#attempt('remove', async () => {
      await this.#client.images.delete([imageId]);
      this.#removed = [...this.#removed, imageId];
      if (this.#openedId === imageId) this.#openedId = null;
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
    this.#openedId = null;
    this.#mistakeLimit = shownMistakes;
    this.#cellLimit = shownCellImages;
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
