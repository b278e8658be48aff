/**
 * Watch it learn: asks the engine for filters and feature maps while a run trains, keeps the
 * stored frames as snapshots, forwards every frame to the transports as 'training.visuals' (a
 * droppable event: a slow window only gets the newest), and serves the snapshots afterwards.
 */
import type { DataPlan } from '../../engine/common/data-source.js';
import type { EngineHost } from '../../engine/common/engine-host.js';
import type { ModelRef } from '../../engine/common/model-tasks.js';
import type { TrainRequest } from '../../engine/common/protocol.js';
import type { RunId } from '../../engine/common/run-id.js';
import type { ProbedModel, ProbeImage, VisualFrame } from '../../engine/common/visuals.js';
import { defaultLiveIntervalMs, snapshotCadence } from '../../engine/common/visuals.js';
import type { Fit } from '../../images/common/fit.js';
import { FoveaError } from '../../base/common/errors.js';
import type { EventHub } from '../../ipc/common/event-hub.js';
import type { Snapshot, SnapshotInfo } from '../../library/common/snapshots.js';
import type { LibraryStores } from '../../library/node/stores.js';

/** What the training service tells a watcher about each run. */
export interface RunWatcher {
  /** What to ask the engine for; undefined asks for nothing. */
  begin(
    runId: RunId,
    datasetId: number,
    plan: DataPlan,
    totalSteps: number,
  ): TrainRequest['visuals'];
  onFrame(runId: RunId, datasetId: number, frame: VisualFrame): void;
  end(runId: RunId): void;
}

export type ProbeSource = { readonly imageId: number } | { readonly pixels: Uint8Array };

export interface WatchDependencies {
  readonly stores: Pick<LibraryStores, 'runs' | 'snapshots' | 'tensors' | 'images'>;
  readonly events: EventHub;
  /** The engine host, made on first use. */
  readonly host: () => EngineHost;
  /** Live frames at most this often; 0 sends only the stored ones. */
  readonly liveIntervalMs?: number;
  /** A finished run's saved model; throws when it has none. */
  readonly findModel?: (runId: RunId) => ModelRef;
}

interface ActiveRun {
  readonly size: number;
  readonly fit: Fit;
  probeId: number | null;
}

export class WatchService implements RunWatcher {
  readonly #stores: WatchDependencies['stores'];
  readonly #snapshots: WatchDependencies['stores']['snapshots'];
  readonly #events: EventHub;
  readonly #host: () => EngineHost;
  readonly #active = new Map<RunId, ActiveRun>();
  readonly #liveIntervalMs: number;
  readonly #findModel: ((runId: RunId) => ModelRef) | undefined;

  constructor(deps: WatchDependencies) {
    this.#stores = deps.stores;
    this.#snapshots = deps.stores.snapshots;
    this.#events = deps.events;
    this.#host = deps.host;
    this.#liveIntervalMs = deps.liveIntervalMs ?? defaultLiveIntervalMs;
    this.#findModel = deps.findModel;
  }

  begin(
    runId: RunId,
    datasetId: number,
    plan: DataPlan,
    totalSteps: number,
  ): TrainRequest['visuals'] {
    const probe = this.#defaultProbe(datasetId, plan);
    const probeId = probe ? this.#snapshots.addProbe(runId, probe) : null;
    this.#active.set(runId, { size: plan.size, fit: plan.fit ?? 'squash', probeId });
    return {
      config: {
        liveIntervalMs: this.#liveIntervalMs,
        snapshotEverySteps: snapshotCadence(totalSteps),
      },
      probe,
    };
  }

  onFrame(runId: RunId, datasetId: number, frame: VisualFrame): void {
    const active = this.#active.get(runId);
    const seq =
      frame.kind === 'live'
        ? null
        : this.#snapshots.add(
            runId,
            { ...frame, kind: frame.kind },
            frame.maps ? (active?.probeId ?? null) : null,
          );
    this.#events.emit('training.visuals', { runId, datasetId, frame, seq });
  }

  end(runId: RunId): void {
    this.#active.delete(runId);
  }

  /** Changes the probe of a training run; its next frames show the new image's feature maps. */
  setProbe(runId: RunId, source: ProbeSource): ProbeImage {
    const active = this.#active.get(runId);
    if (!active) throw new FoveaError('conflict', `Run ${runId} is not training.`);
    const probe = this.#probeFrom(source, active.size, active.fit);
    active.probeId = this.#snapshots.addProbe(runId, probe);
    this.#host().setProbe(runId, probe);
    return probe;
  }

  /** A finished run's model looks at a new probe image: its feature maps, once, not stored. */
  async probeModel(runId: RunId, source: ProbeSource): Promise<ProbedModel> {
    const run = this.#stores.runs.detail(runId);
    if (!run) throw new FoveaError('not_found', `There is no run with id ${runId}.`);
    if (this.#active.has(runId))
      throw new FoveaError('conflict', `Run ${runId} is training: set its probe instead.`);
    if (!this.#findModel)
      throw new FoveaError('unsupported', 'Models cannot be probed in this mode.');
    const model = this.#findModel(runId);
    const probe = this.#probeFrom(source, run.inputSize, run.fit);
    const result = await this.#host().runModelTask({
      op: 'featureMaps',
      model,
      spec: run.spec,
      image: probe.pixels.slice().buffer,
    });
    return { probe, maps: result.maps };
  }

  probe(runId: RunId): ProbeImage | null {
    return this.#snapshots.latestProbe(runId)?.probe ?? null;
  }

  list(runId: RunId): SnapshotInfo[] {
    return this.#snapshots.list(runId);
  }

  get(runId: RunId, seq: number): Snapshot {
    const snapshot = this.#snapshots.get(runId, seq);
    if (!snapshot) throw new FoveaError('not_found', `Run ${runId} has no snapshot ${seq}.`);
    return snapshot;
  }

  storedBytes(runId: RunId): number {
    return this.#snapshots.storedBytes(runId);
  }

  #probeFrom(source: ProbeSource, size: number, fit: Fit): ProbeImage {
    if ('imageId' in source) {
      const pixels = this.#stores.tensors.read(source.imageId, size, fit);
      if (!pixels)
        throw new FoveaError('not_found', `Image ${source.imageId} has no ${size}×${size} tensor.`);
      return { size, pixels, imageId: source.imageId };
    }
    const expected = size * size * 3;
    if (source.pixels.length !== expected)
      throw new FoveaError(
        'invalid_argument',
        `A probe image is ${size}×${size} RGB (${expected} bytes); got ${source.pixels.length} bytes.`,
      );
    return { size, pixels: source.pixels, imageId: null };
  }

  /** The first validation image (the network never trains on it), else the first training one. */
  #defaultProbe(datasetId: number, plan: DataPlan): ProbeImage | null {
    const fit = plan.fit ?? 'squash';
    for (const item of [...plan.splits.val.slice(0, 1), ...plan.splits.train.slice(0, 1)]) {
      const pixels = this.#stores.tensors.read(item.imageId, plan.size, fit);
      if (pixels) return { size: plan.size, pixels, imageId: item.imageId };
    }
    const imageId = this.#stores.images.firstWithTensor(datasetId, plan.size, fit);
    const pixels =
      imageId === undefined ? undefined : this.#stores.tensors.read(imageId, plan.size, fit);
    return imageId !== undefined && pixels ? { size: plan.size, pixels, imageId } : null;
  }
}
