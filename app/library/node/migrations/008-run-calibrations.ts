import type { Migration } from './migration.js';

/**
 * Each run's "none of these" rule: the confidence threshold below which a prediction reads
 * "not sure" (chosen on the validation split, editable), the temperature fitted on validation and
 * whether it is used. Deleted with the run.
 */
export const runCalibrations: Migration = {
  version: 8,
  name: 'run calibrations',
  sql: `
    CREATE TABLE run_calibrations (
      run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
      threshold REAL NOT NULL CHECK (threshold >= 0 AND threshold <= 1),
      is_default INTEGER NOT NULL CHECK (is_default IN (0, 1)),
      fitted_temperature REAL NOT NULL CHECK (fitted_temperature > 0),
      is_temperature_on INTEGER NOT NULL CHECK (is_temperature_on IN (0, 1)),
      updated_at TEXT NOT NULL
    ) STRICT;
  `,
};
