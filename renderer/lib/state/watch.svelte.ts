import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import type { LayerSpec } from '../../../app/engine/common/spec.js';
import type { ProbeImage, VisualFrame } from '../../../app/engine/common/visuals.js';
import type { SnapshotInfo } from '../../../app/library/common/snapshots.js';
import { ErrorState } from './error.svelte.js';

/** A feature-map cell the person clicked: its layer, channel and position. */
export interface SelectedCell {
  readonly layerIndex: number;
  readonly channel: number;
  readonly x: number;
  readonly y: number;
}

/**
 * Watch it learn: the frame on screen (live while the run trains, or a stored snapshot), the
 * run's snapshot timeline, its probe image and the feature-map cell whose receptive field is
 * outlined. Live frames replace each other (newest wins); a scrub that was overtaken is dropped.
 */
export class WatchState {
  readonly #client: FoveaClient;
  #runId = $state<number | null>(null);
  #layers = $state.raw<readonly LayerSpec[]>([]);
  #frame = $state.raw<VisualFrame | null>(null);
  #probe = $state.raw<ProbeImage | null>(null);
  #snapshots = $state.raw<SnapshotInfo[]>([]);
  /** Index into the snapshots while replaying; null follows the live frames. */
  #position = $state<number | null>(null);
  #mapLayer = $state<number | null>(null);
  #cell = $state<SelectedCell | null>(null);
  #probeChoices = $state.raw<{ id: number; name: string }[]>([]);
  readonly #errors = new ErrorState();
  #framesSeen = $state(0);
  /**
   * True while the run in view trains: a new probe changes its live frames. A finished run's
   * saved model is asked instead.
   */
  #isActive = false;
  /** The maps on screen are the finished model's, for a probe picked after the run. */
  #isModelProbe = $state(false);
  #request = 0;

  constructor(client: FoveaClient) {
    this.#client = client;
  }

  get runId(): number | null {
    return this.#runId;
  }
  get layers(): readonly LayerSpec[] {
    return this.#layers;
  }
  get frame(): VisualFrame | null {
    return this.#frame;
  }
  get probe(): ProbeImage | null {
    return this.#probe;
  }
  get snapshots(): readonly SnapshotInfo[] {
    return this.#snapshots;
  }
  get position(): number | null {
    return this.#position;
  }
  get isLive(): boolean {
    return this.#position === null;
  }
  get mapLayer(): number | null {
    return this.#mapLayer ?? this.#frame?.maps?.[0]?.layerIndex ?? null;
  }
  get cell(): SelectedCell | null {
    return this.#cell;
  }
  /** Dataset images offered as probes, by the file names they were imported with. */
  get probeChoices(): readonly { id: number; name: string }[] {
    return this.#probeChoices;
  }
  get errors(): ErrorState {
    return this.#errors;
  }
  get isModelProbe(): boolean {
    return this.#isModelProbe;
  }
  /** Frames received for the run in view (live and stored). */
  get framesSeen(): number {
    return this.#framesSeen;
  }

  listen(): () => void {
    return this.#client.on('training.visuals', ({ runId, frame, seq }) => {
      if (runId !== this.#runId) return;
      this.#framesSeen += 1;
      // The server's seq: a stored frame dropped on the way (newest wins) leaves a gap, no shift.
      if (frame.kind !== 'live' && seq !== null) {
        this.#snapshots = [
          ...this.#snapshots,
          { seq, step: frame.step, epoch: frame.epoch, kind: frame.kind },
        ];
      }
      if (this.#position === null) this.#frame = frame;
    });
  }

  /** Shows a run: live frames while it trains, else its last snapshot. */
  async follow(
    runId: number,
    datasetId: number,
    layers: readonly LayerSpec[],
    isActive: boolean,
  ): Promise<void> {
    this.#isActive = isActive;
    if (runId !== this.#runId) {
      this.#runId = runId;
      this.#layers = layers;
      this.#frame = null;
      this.#probe = null;
      this.#snapshots = [];
      this.#cell = null;
      this.#mapLayer = null;
      this.#framesSeen = 0;
      this.#position = null;
      this.#isModelProbe = false;
    }
    await this.#errors.attempt(async () => {
      const [snapshots, probe, index] = await Promise.all([
        this.#client.watch.snapshots(runId),
        this.#client.watch.probe(runId),
        this.#client.images.index(datasetId),
      ]);
      if (runId !== this.#runId) return;
      this.#snapshots = snapshots;
      this.#probe = probe;
      const ids = Array.from(index.ids.slice(0, 60));
      const names = await this.#client.images.names(ids);
      if (runId !== this.#runId) return;
      this.#probeChoices = ids.map((id, i) => ({ id, name: names[i] || `#${id}` }));
      if (!isActive && snapshots.length > 0) await this.scrub(snapshots.length - 1);
    });
  }

  /** Shows stored snapshot `index` (0-based); a newer scrub overtakes an older one. */
  async scrub(index: number): Promise<void> {
    const runId = this.#runId;
    const info = this.#snapshots[index];
    if (runId === null || !info) return;
    this.#position = index;
    const request = ++this.#request;
    await this.#errors.attempt(async () => {
      const snapshot = await this.#client.watch.snapshot(runId, info.seq);
      if (request !== this.#request || runId !== this.#runId) return;
      this.#frame = snapshot.frame;
      this.#isModelProbe = false;
      if (snapshot.probe) this.#probe = snapshot.probe;
    });
  }

  goLive(): void {
    this.#request += 1;
    this.#position = null;
  }

  chooseMapLayer(layerIndex: number): void {
    this.#mapLayer = layerIndex;
    this.#cell = null;
  }

  selectCell(cell: SelectedCell | null): void {
    this.#cell = cell;
  }

  async useImage(imageId: number): Promise<void> {
    await this.#setProbe({ imageId });
  }

  async usePixels(pixels: Uint8Array<ArrayBuffer>): Promise<void> {
    await this.#setProbe({ pixels });
  }

  reset(): void {
    this.#runId = null;
    this.#frame = null;
    this.#probe = null;
    this.#snapshots = [];
    this.#position = null;
    this.#cell = null;
    this.#errors.clear();
    this.#isModelProbe = false;
  }

  async #setProbe(
    source: { imageId: number } | { pixels: Uint8Array<ArrayBuffer> },
  ): Promise<void> {
    const runId = this.#runId;
    if (runId === null) return;
    await this.#errors.attempt(async () => {
      if (this.#isActive) {
        this.#probe = await this.#client.watch.setProbe(runId, source);
      } else {
        // A finished run: its saved model looks at the image; the filters on screen stay.
        const { probe, maps } = await this.#client.watch.probeModel(runId, source);
        if (runId !== this.#runId) return;
        this.#request += 1;
        this.#probe = probe;
        const frame = this.#frame ?? { step: 0, epoch: 0, kind: 'epoch', filters: [], maps };
        this.#frame = { ...frame, maps };
        this.#isModelProbe = true;
      }
      this.#cell = null;
    });
  }
}
