/** What the app and `fovea backbones list` show of each backbone a run could start from. */
import type { BackboneId, BackboneOrigin, FeatureLayer, LicenceNotice } from './backbones.js';

export interface BackboneChoice {
  readonly id: BackboneId;
  readonly name: string;
  readonly description: string;
  readonly origin: BackboneOrigin;
  readonly inputSize: number;
  readonly layers: readonly FeatureLayer[];
  readonly defaultLayers: readonly string[];
  readonly parameters: number;
  readonly licences: readonly LicenceNotice[];
  /** Its files are on this machine: a run can start from it offline. */
  readonly isAvailable: boolean;
  /** About how many bytes a download takes; null when it is not downloaded (bundled, a folder). */
  readonly downloadBytes: number | null;
}

/** A download's progress: bytes received of all the files it fetches. */
export interface BackboneDownloadProgress {
  readonly id: BackboneId;
  /** The file being fetched, as model.json names it. */
  readonly file: string;
  readonly receivedBytes: number;
  /** Known once model.json is read (its weight sizes); null before. */
  readonly totalBytes: number | null;
}
