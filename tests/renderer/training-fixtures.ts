/** What the Train area's state tests share: the options the services send, and storage in memory. */
import { defaultTrainingConfig, presets } from '../../app/engine/common/presets.js';
import { describeModel } from '../../app/engine/common/spec.js';
import type { TrainingOptions } from '../../app/ipc/common/contract.js';
import type { RecipeStore } from '../../renderer/lib/state/recipe-storage.js';

/** A 64×64 input of two classes. */
export const input = { size: 64, classes: 2 };

export const trainingOptions: TrainingOptions = {
  presets: presets.map((preset) => ({
    id: preset.id,
    name: preset.name,
    description: preset.description,
    spec: preset.spec(2),
    summary: describeModel(preset.spec(2), input),
  })),
  defaultPreset: 'fovea-default',
  config: defaultTrainingConfig,
  inputSize: 64,
  classes: 2,
};

/** A run's metric series with no points yet. */
export const emptySeries = {
  step: new Float64Array(0),
  epoch: new Float64Array(0),
  loss: new Float64Array(0),
  accuracy: new Float64Array(0),
  valLoss: new Float64Array(0),
  valAccuracy: new Float64Array(0),
};

/** localStorage in memory; `entries` shows what was written. */
export function memoryStore(): RecipeStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
  };
}
