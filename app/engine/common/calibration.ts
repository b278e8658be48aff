/**
 * "None of these": a model always spreads its probability over the classes it knows, so a photo of
 * neither a cat nor a dog still comes out as one of them. A confidence threshold turns a top
 * probability below it into "not sure". Pure, so the services, the CLI, the renderer and the
 * tests apply it the same way.
 *
 * - Temperature scaling (optional): p_i ∝ p_i^(1/T), i.e. softmax(logits / T) with the logits
 *   recovered as ln p; T is fitted on the validation split by minimizing its cross-entropy.
 * - Default threshold (the documented rule): the lowest top probability at which the validation
 *   images kept (top probability ≥ threshold) have at most half the error rate of all of them;
 *   0 (everything sure) when the model makes no validation mistake or no threshold gets there.
 * - Reliability diagram: test images in 10 bins of top probability, each with its count, mean
 *   confidence and accuracy.
 */

export const notSureLabel = 'not sure';
/** The file in a model export that holds its rule: `{threshold, temperature, rule}`. */
export const confidenceFile = 'confidence.json';
export const reliabilityBins = 10;

/** What a run says about "not sure": the threshold on the top probability and the temperature. */
export interface ConfidenceRule {
  /** Top probabilities below it read "not sure"; 0 never does. */
  readonly threshold: number;
  /** Divides the logits; 1 leaves the probabilities as they are. */
  readonly temperature: number;
}

export const noConfidenceRule: ConfidenceRule = { threshold: 0, temperature: 1 };

export function isSure(probability: number, rule: ConfidenceRule): boolean {
  return probability >= rule.threshold;
}

/** One image's probabilities at a temperature (a copy; T = 1 returns them unchanged). */
export function withTemperature(probabilities: ArrayLike<number>, temperature: number): number[] {
  const values = Array.from(probabilities);
  if (temperature === 1) return values;
  const logits = values.map((p) => Math.log(Math.max(p, 1e-12)) / temperature);
  const max = Math.max(...logits);
  const exps = logits.map((logit) => Math.exp(logit - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Every row of a count × classes array at a temperature. */
export function scaleAll(
  probabilities: Float32Array,
  classes: number,
  temperature: number,
): Float32Array {
  if (temperature === 1) return probabilities;
  const out = new Float32Array(probabilities.length);
  for (let start = 0; start < probabilities.length; start += classes)
    out.set(withTemperature(probabilities.subarray(start, start + classes), temperature), start);
  return out;
}

/** Mean cross-entropy of labelled images at a temperature. */
function crossEntropy(
  probabilities: Float32Array,
  labels: readonly number[],
  classes: number,
  temperature: number,
): number {
  let total = 0;
  labels.forEach((label, index) => {
    const row = withTemperature(
      probabilities.subarray(index * classes, (index + 1) * classes),
      temperature,
    );
    total -= Math.log(Math.max(row[label] ?? 0, 1e-7));
  });
  return labels.length === 0 ? 0 : total / labels.length;
}

/** The temperature in [0.05, 20] with the lowest cross-entropy (golden-section search on ln T). */
export function fitTemperature(
  probabilities: Float32Array,
  labels: readonly number[],
  classes: number,
): number {
  if (labels.length === 0) return 1;
  const loss = (logT: number) => crossEntropy(probabilities, labels, classes, Math.exp(logT));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = Math.log(0.05);
  let high = Math.log(20);
  for (let step = 0; step < 40; step++) {
    const a = high - ratio * (high - low);
    const b = low + ratio * (high - low);
    if (loss(a) < loss(b)) high = b;
    else low = a;
  }
  return Math.round(Math.exp((low + high) / 2) * 1000) / 1000;
}

/** Each image's top probability and whether its top class is its label. */
export interface ScoredTop {
  readonly probability: number;
  readonly isCorrect: boolean;
}

export function topsOf(
  probabilities: Float32Array,
  labels: readonly number[],
  classes: number,
): ScoredTop[] {
  return labels.map((label, index) => {
    let best = 0;
    for (let c = 1; c < classes; c++)
      if (probabilities[index * classes + c]! > probabilities[index * classes + best]!) best = c;
    return { probability: probabilities[index * classes + best]!, isCorrect: best === label };
  });
}

export interface Coverage {
  readonly threshold: number;
  /** Images at or above the threshold. */
  readonly kept: number;
  readonly total: number;
  /** kept / total; 0 when there are no images. */
  readonly share: number;
  /** Accuracy of the kept images; null when none is kept. */
  readonly accuracy: number | null;
}

export function coverageAt(tops: readonly ScoredTop[], threshold: number): Coverage {
  const kept = tops.filter((top) => top.probability >= threshold);
  const correct = kept.filter((top) => top.isCorrect).length;
  return {
    threshold,
    kept: kept.length,
    total: tops.length,
    share: tops.length === 0 ? 0 : kept.length / tops.length,
    accuracy: kept.length === 0 ? null : correct / kept.length,
  };
}

/** The documented default rule (see the top of this file), on validation images. */
export function defaultThreshold(tops: readonly ScoredTop[]): number {
  if (tops.length === 0) return 0;
  const errorRate = tops.filter((top) => !top.isCorrect).length / tops.length;
  if (errorRate === 0) return 0;
  const candidates = [...new Set(tops.map((top) => top.probability))].sort((a, b) => a - b);
  for (const candidate of candidates) {
    const { accuracy } = coverageAt(tops, candidate);
    if (accuracy !== null && 1 - accuracy <= errorRate / 2) return roundDown(candidate);
  }
  return 0;
}

/** Three decimals, rounded down so the image that set the threshold stays above it. */
function roundDown(value: number): number {
  return Math.floor(value * 1000) / 1000;
}

export interface ReliabilityBin {
  /** [low, high) of top probability; the last bin includes 1. */
  readonly low: number;
  readonly high: number;
  readonly count: number;
  /** Mean top probability; null for an empty bin. */
  readonly confidence: number | null;
  readonly accuracy: number | null;
}

export function reliability(tops: readonly ScoredTop[], bins = reliabilityBins): ReliabilityBin[] {
  return Array.from({ length: bins }, (_, index) => {
    const low = index / bins;
    const high = (index + 1) / bins;
    const inside = tops.filter(
      (top) => top.probability >= low && (top.probability < high || index === bins - 1),
    );
    const mean = (values: number[]) =>
      values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
    return {
      low,
      high,
      count: inside.length,
      confidence: mean(inside.map((top) => top.probability)),
      accuracy: mean(inside.map((top) => (top.isCorrect ? 1 : 0))),
    };
  });
}

/** What the Evaluate area shows about a run's confidence, on its validation and test splits. */
export interface CalibrationReport {
  readonly runId: number;
  readonly rule: ConfidenceRule;
  /** The rule's threshold when it was chosen by the default rule, not by hand. */
  readonly isDefaultThreshold: boolean;
  /** The temperature fitted on validation; used only when `isTemperatureOn`. */
  readonly fittedTemperature: number;
  readonly isTemperatureOn: boolean;
  readonly validationCount: number;
  /** On the test split, at the rule's temperature. */
  readonly test: {
    readonly tops: readonly ScoredTop[];
    readonly bins: readonly ReliabilityBin[];
    readonly coverage: Coverage;
  };
}
