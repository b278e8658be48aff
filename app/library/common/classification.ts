/**
 * A folder classified by a run's model: one row per image it could read (its top class, that
 * class's probability and all of them, a small thumbnail, and where the same file already sits in
 * the library), the files it refused and why. The CSV and JSON a person exports are made here, so
 * the app and `fovea predict RUN FOLDER --csv` write the same files.
 */
import type { ConfidenceRule } from '../../engine/common/calibration.js';
import { isSure, notSureLabel } from '../../engine/common/calibration.js';
import type { RunId } from '../../engine/common/run-id.js';

/** The same file (by SHA-256) already in the library. */
export interface LibraryMatch {
  readonly imageId: number;
  readonly datasetId: number;
  readonly datasetName: string;
  /** Null when the image has no class there. */
  readonly className: string | null;
}

export interface ClassifiedFile {
  /** The path from what was dropped or named, with `/`: `test/cat/cat_0001.jpg`. */
  readonly file: string;
  /** Index of the top class in `FolderClassification.classes`. */
  readonly classIndex: number;
  readonly probability: number;
  /** One per class, in the model's order. */
  readonly probabilities: readonly number[];
  /** A small JPEG of the image; absent where none is wanted (the CLI). */
  readonly thumbnail?: Uint8Array | undefined;
  /** Where this file is in the library, when it is (the first match). */
  readonly known: LibraryMatch | null;
}

export interface RefusedFile {
  readonly file: string;
  readonly message: string;
}

export type ClassificationState = 'running' | 'done' | 'cancelled' | 'failed';

export interface FolderClassification {
  readonly runId: RunId;
  readonly classes: readonly string[];
  /** The side of the square the model takes. */
  readonly inputSize: number;
  /** The run's "none of these" rule; the probabilities are already at its temperature. */
  readonly rule: ConfidenceRule;
  readonly state: ClassificationState;
  /** Files looked at (images and refused ones) and how many of them are done. */
  readonly total: number;
  readonly done: number;
  readonly items: readonly ClassifiedFile[];
  readonly refused: readonly RefusedFile[];
  /** Why it failed, when `state` is 'failed'. */
  readonly message: string | null;
}

export interface ClassificationProgress {
  readonly jobId: number;
  readonly done: number;
  readonly total: number;
}

export type ClassificationSortKey = 'file' | 'class' | 'probability';

/** Rows sorted by a column; files compare naturally (cat_2 before cat_10). */
export function sortClassified(
  items: readonly ClassifiedFile[],
  classes: readonly string[],
  key: ClassificationSortKey,
  isDescending = false,
): ClassifiedFile[] {
  const collator = new Intl.Collator('en', { numeric: true });
  const byFile = (a: ClassifiedFile, b: ClassifiedFile) => collator.compare(a.file, b.file);
  const compare: Record<ClassificationSortKey, (a: ClassifiedFile, b: ClassifiedFile) => number> = {
    file: byFile,
    class: (a, b) =>
      collator.compare(classes[a.classIndex] ?? '', classes[b.classIndex] ?? '') || byFile(a, b),
    probability: (a, b) => a.probability - b.probability || byFile(a, b),
  };
  const sign = isDescending ? -1 : 1;
  return [...items].sort((a, b) => sign * compare[key](a, b));
}

/** What an image reads as: its top class, or "not sure" below the run's threshold. */
export function labelOf(result: FolderClassification, item: ClassifiedFile): string {
  return isSure(item.probability, result.rule)
    ? (result.classes[item.classIndex] ?? '')
    : notSureLabel;
}

/** A CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function knownAs(match: LibraryMatch | null): string {
  if (!match) return '';
  return match.className === null ? match.datasetName : `${match.datasetName}/${match.className}`;
}

/**
 * One header row, then one row per classified image: file, class ("not sure" below the run's
 * threshold), the top class anyway, its probability, where it is in the library
 * (`dataset/class`, empty when it is not), then one probability column per class.
 */
export function classificationCsv(result: FolderClassification): string {
  const header = ['file', 'class', 'top_class', 'probability', 'in_library', ...result.classes];
  const rows = result.items.map((item) => [
    item.file,
    labelOf(result, item),
    result.classes[item.classIndex] ?? '',
    item.probability.toFixed(6),
    knownAs(item.known),
    ...item.probabilities.map((p) => p.toFixed(6)),
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The whole result without thumbnails, as a JSON document. */
export function classificationJson(result: FolderClassification): string {
  return JSON.stringify(
    {
      runId: result.runId,
      classes: result.classes,
      inputSize: result.inputSize,
      threshold: result.rule.threshold,
      temperature: result.rule.temperature,
      state: result.state,
      images: result.items.map((item) => ({
        file: item.file,
        class: labelOf(result, item),
        topClass: result.classes[item.classIndex] ?? null,
        isSure: isSure(item.probability, result.rule),
        probability: item.probability,
        probabilities: Object.fromEntries(
          result.classes.map((name, index) => [name, item.probabilities[index] ?? 0]),
        ),
        inLibrary: item.known,
      })),
      refused: result.refused,
    },
    null,
    2,
  );
}
