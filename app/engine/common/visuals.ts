/**
 * What "watch it learn" shows: the filters of every conv layer and the feature maps of one probe
 * image, as uint8 pictures computed in the engine. One frame is sent live (throttled, droppable)
 * and some frames are kept as snapshots so a run can be replayed after it ended.
 *
 * Filters are scaled symmetrically around zero (128 = 0) with one scale per layer, so colours and
 * brightness compare across the tiles of a grid and the sign of a weight stays readable.
 */

/** Why a frame was made: live frames are only shown; the others are also stored. */
export type FrameKind = 'live' | 'start' | 'step' | 'epoch';
export const storedFrameKinds = ['start', 'step', 'epoch'] as const;
export type StoredFrameKind = (typeof storedFrameKinds)[number];

export interface FilterGrid {
  /** Position of the layer in the spec, 0-based. */
  readonly layerIndex: number;
  readonly filters: number;
  /** Input channels of each filter. */
  readonly channels: number;
  /** Kernel side. */
  readonly size: number;
  /**
   * True for a first layer on RGB input: `pixels` holds filters × size × size × 3 (an RGB tile per
   * filter). Otherwise filters × channels × size × size grayscale tiles.
   */
  readonly isRgb: boolean;
  readonly pixels: Uint8Array;
}

export interface FeatureMapLayer {
  readonly layerIndex: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** channels × height × width, each channel stretched to 0–255 on its own. */
  readonly pixels: Uint8Array;
}

export interface VisualFrame {
  readonly step: number;
  readonly epoch: number;
  readonly kind: FrameKind;
  readonly filters: readonly FilterGrid[];
  /** The probe's activations; null when there is no probe. */
  readonly maps: readonly FeatureMapLayer[] | null;
}

/** How often the engine makes frames. */
export interface VisualsConfig {
  /** Live frames at most this often; 0 turns live frames off. */
  readonly liveIntervalMs: number;
  /** Stored snapshots every this many steps; 0 leaves only the start and epoch ends. */
  readonly snapshotEverySteps: number;
}

/** At most this many periodic snapshots per run (plus the start and one per epoch end). */
export const maxStepSnapshots = 48;
export const defaultLiveIntervalMs = 500;

/** A cadence that keeps a run to about `maxStepSnapshots` periodic snapshots, whatever its length. */
export function snapshotCadence(totalSteps: number): number {
  return Math.max(1, Math.ceil(totalSteps / maxStepSnapshots));
}

/** Symmetric scaling of weights around zero into 0–255 (128 is zero); one scale for all. */
export function weightsToBytes(weights: Float32Array): Uint8Array {
  let largest = 0;
  for (const value of weights) largest = Math.max(largest, Math.abs(value));
  const scale = largest > 0 ? 127 / largest : 0;
  const bytes = new Uint8Array(weights.length);
  for (let i = 0; i < weights.length; i++) bytes[i] = Math.round(128 + (weights[i] ?? 0) * scale);
  return bytes;
}

/** Back from a byte to a weight in [-1, 1] (relative to the grid's largest weight). */
export function byteToWeight(byte: number): number {
  return (byte - 128) / 127;
}

/** Metadata of a frame without its bytes: what is stored beside the packed bytes. */
interface FrameLayout {
  readonly filters: readonly Omit<FilterGrid, 'pixels'>[];
  readonly maps: readonly Omit<FeatureMapLayer, 'pixels'>[] | null;
}

export interface PackedFrame {
  readonly layout: string;
  readonly bytes: Uint8Array;
}

/** Flattens a frame's pictures into one byte array plus a JSON layout (for a database row). */
export function packFrame(frame: VisualFrame): PackedFrame {
  const parts = [...frame.filters, ...(frame.maps ?? [])].map((part) => part.pixels);
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  const layout: FrameLayout = {
    filters: frame.filters.map(({ pixels: _pixels, ...rest }) => rest),
    maps: frame.maps?.map(({ pixels: _pixels, ...rest }) => rest) ?? null,
  };
  return { layout: JSON.stringify(layout), bytes };
}

export function unpackFrame(
  packed: PackedFrame,
  head: Pick<VisualFrame, 'step' | 'epoch' | 'kind'>,
): VisualFrame {
  const layout = JSON.parse(packed.layout) as FrameLayout;
  let offset = 0;
  const take = (length: number): Uint8Array => {
    const part = packed.bytes.slice(offset, offset + length);
    offset += length;
    return part;
  };
  const filters = layout.filters.map((grid) => ({
    ...grid,
    pixels: take(grid.filters * grid.channels * grid.size * grid.size),
  }));
  const maps =
    layout.maps?.map((map) => ({
      ...map,
      pixels: take(map.channels * map.height * map.width),
    })) ?? null;
  return { ...head, filters, maps };
}

/** A probe image: size × size RGB, HWC, one byte per channel. */
export interface ProbeImage {
  readonly size: number;
  readonly pixels: Uint8Array;
  /** The dataset image it came from; null for a file dropped from disk. */
  readonly imageId: number | null;
}

/** A finished run's model looking at a probe image: its feature maps, as a frame carries them. */
export interface ProbedModel {
  readonly probe: ProbeImage;
  readonly maps: readonly FeatureMapLayer[];
}
