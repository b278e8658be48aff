/**
 * Filters and feature maps of a model in training, as uint8 pictures (see common/visuals.ts).
 * `TrainingVisuals` is the training loop's observer: a stored frame at the start, every
 * `snapshotEverySteps` steps and at each epoch end; live frames in between at most every
 * `liveIntervalMs`. Tensors are read outside `tidy` and disposed right after.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../common/spec.js';
import type { Clock } from '../common/throttle.js';
import { Throttle } from '../common/throttle.js';
import type {
  FeatureMapLayer,
  FilterGrid,
  FrameKind,
  ProbeImage,
  VisualFrame,
  VisualsConfig,
} from '../common/visuals.js';
import { weightsToBytes } from '../common/visuals.js';
import { layerName, toModelInput } from './model.js';

/** What the training loop tells whoever watches it. */
export interface TrainingObserver {
  /** `resumedAt`: the run goes on from a checkpoint, whose start frame is already stored. */
  start(
    model: tf.LayersModel,
    totalSteps: number,
    resumedAt?: { readonly step: number; readonly epoch: number },
  ): void;
  afterStep(step: number, epoch: number): void;
  afterEpoch(step: number, epoch: number): void;
}

/** Every conv layer's kernels, first layer as RGB tiles when its input is RGB. */
export function readFilters(model: tf.LayersModel, spec: ModelSpec): FilterGrid[] {
  const grids: FilterGrid[] = [];
  spec.layers.forEach((layer, index) => {
    if (layer.type !== 'conv2d') return;
    const kernel = model.getLayer(layerName(index + 1, layer)).getWeights()[0];
    if (kernel === undefined) return;
    const [size = 0, , channels = 0, filters = 0] = kernel.shape;
    const isRgb = index === 0 && channels === 3;
    // [k, k, in, out] → one tile per filter: RGB as [out, k, k, in], gray as [out, in, k, k].
    const tiles = tf.tidy(() => kernel.transpose(isRgb ? [3, 0, 1, 2] : [3, 2, 0, 1]));
    try {
      const values = tiles.dataSync() as Float32Array;
      grids.push({
        layerIndex: index,
        filters,
        channels,
        size,
        isRgb,
        pixels: weightsToBytes(values),
      });
    } finally {
      tiles.dispose();
    }
  });
  return grids;
}

/** The conv and pool layers before the first flatten/dense: the ones with pictures for outputs. */
export function mapLayerIndices(spec: ModelSpec): number[] {
  const indices: number[] = [];
  for (const [index, layer] of spec.layers.entries()) {
    if (layer.type === 'flatten' || layer.type === 'dense') break;
    if (layer.type === 'conv2d' || layer.type === 'maxPool2d' || layer.type === 'avgPool2d')
      indices.push(index);
  }
  return indices;
}

/** One composite model whose outputs are the conv and pool layers; shares the model's weights. */
export class FeatureMapProbe {
  readonly #composite: tf.LayersModel | null;
  readonly #indices: number[];

  constructor(model: tf.LayersModel, spec: ModelSpec) {
    this.#indices = mapLayerIndices(spec);
    const outputs = this.#indices.map((index) => {
      const layer = spec.layers[index];
      if (layer === undefined) throw new Error(`No layer ${index}.`);
      // Node 0 is the layer in the model's own graph; Grad-CAM may have called it again.
      return model.getLayer(layerName(index + 1, layer)).getOutputAt(0) as tf.SymbolicTensor;
    });
    // Never disposed: it owns no weights, and disposing it would release the shared layers.
    this.#composite =
      outputs.length > 0 ? tf.model({ inputs: model.inputs, outputs, name: 'fovea_probe' }) : null;
  }

  read(probe: ProbeImage): FeatureMapLayer[] {
    const composite = this.#composite;
    if (composite === null) return [];
    const maps = tf.tidy(() => {
      const input = toModelInput(probe.pixels, 1, probe.size);
      const predicted = composite.predict(input);
      const outputs = Array.isArray(predicted) ? predicted : [predicted];
      return outputs.map((output) => {
        // Each channel stretched to 0–255 on its own, then channel-major.
        const low = output.min([0, 1, 2], true);
        const high = output.max([0, 1, 2], true);
        const range = high.sub(low).maximum(1e-6);
        return output
          .sub(low)
          .div(range)
          .mul(255)
          .round()
          .squeeze([0])
          .transpose([2, 0, 1])
          .toInt();
      });
    });
    try {
      return maps.map((map, position) => {
        const [channels = 0, height = 0, width = 0] = map.shape;
        return {
          layerIndex: this.#indices[position] ?? -1,
          channels,
          height,
          width,
          pixels: Uint8Array.from(map.dataSync()),
        };
      });
    } finally {
      for (const map of maps) map.dispose();
    }
  }
}

export interface TrainingVisualsOptions {
  readonly spec: ModelSpec;
  readonly config: VisualsConfig;
  readonly probe: ProbeImage | null;
  readonly emit: (frame: VisualFrame) => void;
  readonly clock?: Clock;
}

export class TrainingVisuals implements TrainingObserver {
  #model: tf.LayersModel | null = null;
  #maps: FeatureMapProbe | null = null;
  #probe: ProbeImage | null;
  #isSnapshotDue = false;
  /** Spaces frames (live or stored) at least `liveIntervalMs` apart; null when live is off. */
  readonly #live: Throttle | null;

  constructor(private readonly options: TrainingVisualsOptions) {
    this.#probe = options.probe;
    const clock = options.clock ?? (() => performance.now());
    const interval = options.config.liveIntervalMs;
    this.#live = interval > 0 ? new Throttle(interval, clock) : null;
  }

  /** A new probe image; the next frame shows its feature maps. */
  setProbe(probe: ProbeImage): void {
    this.#probe = probe;
  }

  start(model: tf.LayersModel, _totalSteps?: number, resumedAt?: { readonly step: number }): void {
    this.#model = model;
    this.#maps = new FeatureMapProbe(model, this.options.spec);
    this.#live?.isDue();
    if (resumedAt === undefined) this.#frame('start', 0, 1);
  }

  /**
   * A step snapshot is due every `snapshotEverySteps` steps; with live frames on it waits for the
   * interval too (so short steps do not pay for a frame each) and replaces that live frame.
   */
  afterStep(step: number, epoch: number): void {
    const every = this.options.config.snapshotEverySteps;
    if (every > 0 && step % every === 0) this.#isSnapshotDue = true;
    if (this.#live !== null && !this.#live.isDue()) return;
    if (this.#isSnapshotDue) {
      this.#isSnapshotDue = false;
      this.#frame('step', step, epoch);
    } else if (this.#live !== null) this.#frame('live', step, epoch);
  }

  afterEpoch(step: number, epoch: number): void {
    this.#isSnapshotDue = false;
    this.#frame('epoch', step, epoch);
  }

  #frame(kind: FrameKind, step: number, epoch: number): void {
    const model = this.#model;
    if (model === null) return;
    const probe = this.#probe;
    this.options.emit({
      kind,
      step,
      epoch,
      filters: readFilters(model, this.options.spec),
      maps: probe !== null && this.#maps !== null ? this.#maps.read(probe) : null,
    });
  }
}
