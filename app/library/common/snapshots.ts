/** Stored snapshots of a run's filters and feature maps, as the renderer sees them. */
import type { ProbeImage, StoredFrameKind, VisualFrame } from '../../engine/common/visuals.js';

export interface SnapshotInfo {
  /** 1, 2, 3… in the order they were made. */
  readonly seq: number;
  readonly step: number;
  readonly epoch: number;
  readonly kind: StoredFrameKind;
}

export interface Snapshot extends SnapshotInfo {
  readonly frame: VisualFrame;
  /** The probe whose feature maps the frame holds; null when it has none. */
  readonly probe: ProbeImage | null;
}
