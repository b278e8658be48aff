/**
 * Each run's "none of these" rule (engine/common/calibration.ts): chosen on the validation split
 * the first time it is asked for (threshold by the default rule, temperature fitted but off), then
 * stored with the run and editable. Every path that shows a prediction — try an image, classify a
 * folder, the CLI, exports — asks `rule(runId)`, so they agree on what is "not sure".
 */
import type { CalibrationReport, ConfidenceRule } from '../../engine/common/calibration.js';
import {
  coverageAt,
  defaultThreshold,
  fitTemperature,
  reliability,
  scaleAll,
  topsOf,
} from '../../engine/common/calibration.js';
import { FoveaError } from '../../base/common/errors.js';
import type { RunId } from '../../engine/common/run-id.js';
import type { StoredCalibration } from '../../library/node/calibration-repository.js';
import type { LibraryStores } from '../../library/node/stores.js';
import type { EvaluationService, TestProbabilities } from './evaluation-service.js';

export interface CalibrationChange {
  /** A threshold in [0, 1], or null to go back to the default rule. */
  readonly threshold: number | null;
  readonly isTemperatureOn: boolean;
}

export class CalibrationService {
  readonly #stores: Pick<LibraryStores, 'calibrations'>;
  readonly #evaluation: EvaluationService;
  readonly #isWritable: boolean;

  constructor(deps: {
    readonly stores: Pick<LibraryStores, 'calibrations'>;
    readonly evaluation: EvaluationService;
    /**
     * False for a library opened read-only (beside its owner, or damaged): the default rule is
     * then computed each time instead of stored, so reading commands never write.
     */
    readonly isWritable?: boolean;
  }) {
    this.#isWritable = deps.isWritable ?? true;
    this.#stores = deps.stores;
    this.#evaluation = deps.evaluation;
  }

  /** The threshold and temperature every prediction of this run is read with. */
  async rule(runId: RunId): Promise<ConfidenceRule> {
    return ruleOf(await this.#stored(runId));
  }

  async report(runId: RunId): Promise<CalibrationReport> {
    const stored = await this.#stored(runId);
    const rule = ruleOf(stored);
    const test = await this.#evaluation.testProbabilities(runId);
    const tops = scaledTops(test, rule.temperature);
    const validation = this.#evaluation.splitPlan(test.run, 'val');
    return {
      runId,
      rule,
      isDefaultThreshold: stored.isDefault,
      fittedTemperature: stored.fittedTemperature,
      isTemperatureOn: stored.isTemperatureOn,
      validationCount: validation.images.length,
      test: { tops, bins: reliability(tops), coverage: coverageAt(tops, rule.threshold) },
    };
  }

  async update(runId: RunId, change: CalibrationChange): Promise<CalibrationReport> {
    if (change.threshold !== null && !(change.threshold >= 0 && change.threshold <= 1))
      throw new FoveaError(
        'invalid_argument',
        `A threshold is from 0 to 1, not ${change.threshold}.`,
      );
    const stored = await this.#stored(runId);
    const temperature = change.isTemperatureOn ? stored.fittedTemperature : 1;
    const threshold =
      change.threshold ?? defaultThreshold(scaledTops(await this.#validation(runId), temperature));
    this.#stores.calibrations.set(runId, {
      threshold,
      isDefault: change.threshold === null,
      fittedTemperature: stored.fittedTemperature,
      isTemperatureOn: change.isTemperatureOn,
    });
    return this.report(runId);
  }

  async #stored(runId: RunId): Promise<StoredCalibration> {
    const stored = this.#stores.calibrations.get(runId);
    if (stored) return stored;
    const validation = await this.#validation(runId);
    const labels = validation.test.images.map((image) => image.label);
    const chosen: StoredCalibration = {
      threshold: defaultThreshold(scaledTops(validation, 1)),
      isDefault: true,
      fittedTemperature: fitTemperature(
        validation.probabilities,
        labels,
        validation.run.classes.length,
      ),
      isTemperatureOn: false,
    };
    if (this.#isWritable) this.#stores.calibrations.set(runId, chosen);
    return chosen;
  }

  #validation(runId: RunId): Promise<TestProbabilities> {
    return this.#evaluation.splitProbabilities(runId, 'val');
  }
}

function ruleOf(stored: StoredCalibration): ConfidenceRule {
  return {
    threshold: stored.threshold,
    temperature: stored.isTemperatureOn ? stored.fittedTemperature : 1,
  };
}

function scaledTops({ run, test, probabilities }: TestProbabilities, temperature: number) {
  const classes = run.classes.length;
  return topsOf(
    scaleAll(probabilities, classes, temperature),
    test.images.map((image) => image.label),
    classes,
  );
}
