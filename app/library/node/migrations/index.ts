import { datasets } from './001-datasets.js';
import { images } from './002-images.js';
import { imports } from './003-imports.js';
import { runs } from './004-runs.js';
import { snapshots } from './005-snapshots.js';
import { models } from './006-models.js';
import { runCheckpoints } from './007-run-checkpoints.js';
import { runCalibrations } from './008-run-calibrations.js';
import { embeddings } from './009-embeddings.js';
import { tensorFits } from './010-tensor-fits.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** In order; `version` is the position (1-based) and becomes `PRAGMA user_version`. */
export const migrations: readonly Migration[] = [
  datasets,
  images,
  imports,
  runs,
  snapshots,
  models,
  runCheckpoints,
  runCalibrations,
  embeddings,
  tensorFits,
];
