/** The seams the app shell fills: images to study (e.g. from a dataset) and preset model sizes. */

import type { BackboneMaps } from '../../../app/engine/common/backbone-maps.js';

/** An image offered to the Learn area; decoded only when chosen. */
export interface LearnImage {
  readonly name: string;
  readonly load: () => Promise<ImageData>;
}

/** A model's parameter count, from the shell's presets, shown beside the hand-made counts. */
export interface PresetCount {
  /** The engine's preset id: the default preset's name is translated. */
  readonly id: string;
  readonly name: string;
  /** The input the count is for, e.g. "64×64×3". */
  readonly input: string;
  readonly parameters: number;
}

/** Opens another area of the app: Train (where Watch shows the latest run) or Evaluate. */
export type OpenArea = (area: 'train' | 'evaluate') => void;

/** Starts the short run of "where filters come from" on the selected dataset, and shows it. */
export type StartQuickRun = () => void;

/** Runs a photo (PNG bytes) through the bundled pretrained network: a few maps of a few layers. */
export type BackboneMapsOf = (png: Uint8Array<ArrayBuffer>) => Promise<BackboneMaps>;
