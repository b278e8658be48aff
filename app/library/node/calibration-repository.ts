import type { RunId } from '../../engine/common/run-id.js';
import type { Sqlite } from './database.js';

/** A run's stored "none of these" settings (see migration 007). */
export interface StoredCalibration {
  readonly threshold: number;
  readonly isDefault: boolean;
  readonly fittedTemperature: number;
  readonly isTemperatureOn: boolean;
}

interface CalibrationRow {
  threshold: number;
  is_default: number;
  fitted_temperature: number;
  is_temperature_on: number;
}

/** All SQL about run calibrations. */
export class CalibrationRepository {
  readonly #statements;

  constructor(db: Sqlite) {
    this.#statements = {
      upsert: db.prepare(
        `INSERT OR REPLACE INTO run_calibrations (run_id, threshold, is_default, fitted_temperature, is_temperature_on, updated_at)
         VALUES (@runId, @threshold, @isDefault, @fittedTemperature, @isTemperatureOn, @updatedAt)`,
      ),
      get: db.prepare<[number], CalibrationRow>(
        'SELECT threshold, is_default, fitted_temperature, is_temperature_on FROM run_calibrations WHERE run_id = ?',
      ),
    };
  }

  get(runId: RunId): StoredCalibration | undefined {
    const row = this.#statements.get.get(runId);
    return (
      row && {
        threshold: row.threshold,
        isDefault: row.is_default === 1,
        fittedTemperature: row.fitted_temperature,
        isTemperatureOn: row.is_temperature_on === 1,
      }
    );
  }

  set(runId: RunId, calibration: StoredCalibration): void {
    this.#statements.upsert.run({
      runId,
      threshold: calibration.threshold,
      isDefault: calibration.isDefault ? 1 : 0,
      fittedTemperature: calibration.fittedTemperature,
      isTemperatureOn: calibration.isTemperatureOn ? 1 : 0,
      updatedAt: new Date().toISOString(),
    });
  }
}
