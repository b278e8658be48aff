import type { EpochEvent, ProgressEvent } from '../../../app/engine/common/training.js';
import type { RunDetail } from '../../../app/library/common/runs.js';

/** Live curves of the run in view: batch metrics as they stream, epoch metrics per epoch. */
export interface LiveCurves {
  readonly steps: number[];
  readonly loss: number[];
  readonly accuracy: number[];
  readonly epochs: number[];
  readonly trainLoss: number[];
  readonly trainAccuracy: number[];
  readonly valLoss: (number | null)[];
  readonly valAccuracy: (number | null)[];
}

export const emptyCurves = (): LiveCurves => ({
  steps: [],
  loss: [],
  accuracy: [],
  epochs: [],
  trainLoss: [],
  trainAccuracy: [],
  valLoss: [],
  valAccuracy: [],
});

/** A finished run's curves, from its stored metrics; a missing validation value is a gap. */
export function curvesOf(detail: RunDetail): LiveCurves {
  return {
    steps: Array.from(detail.batches.step),
    loss: Array.from(detail.batches.loss),
    accuracy: Array.from(detail.batches.accuracy),
    epochs: Array.from(detail.epochs.epoch),
    trainLoss: Array.from(detail.epochs.loss),
    trainAccuracy: Array.from(detail.epochs.accuracy),
    valLoss: Array.from(detail.epochs.valLoss, nullIfNaN),
    valAccuracy: Array.from(detail.epochs.valAccuracy, nullIfNaN),
  };
}

/** New arrays each time, so a chart sees a new value and redraws. */
export function withProgress(curves: LiveCurves, event: ProgressEvent): LiveCurves {
  return {
    ...curves,
    steps: [...curves.steps, event.step],
    loss: [...curves.loss, event.loss],
    accuracy: [...curves.accuracy, event.accuracy],
  };
}

export function withEpoch(curves: LiveCurves, event: EpochEvent): LiveCurves {
  return {
    ...curves,
    epochs: [...curves.epochs, event.epoch],
    trainLoss: [...curves.trainLoss, event.trainLoss],
    trainAccuracy: [...curves.trainAccuracy, event.trainAccuracy],
    valLoss: [...curves.valLoss, event.valLoss],
    valAccuracy: [...curves.valAccuracy, event.valAccuracy],
  };
}

function nullIfNaN(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
