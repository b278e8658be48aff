import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import type { CalibrationReport, Coverage } from '../../../app/engine/common/calibration.js';
import { coverageAt } from '../../../app/engine/common/calibration.js';
import { ErrorState } from './error.svelte.js';

/**
 * A run's "none of these" settings in Evaluate, loaded on demand (it predicts the validation and
 * test splits): the stored rule, a draft threshold whose test coverage is shown as it moves, and
 * saving it (or going back to the default rule, or switching temperature scaling).
 */
export class CalibrationState {
  readonly #client: FoveaClient;
  #report = $state<CalibrationReport | null>(null);
  #isBusy = $state(false);
  readonly #errors = new ErrorState();
  draft = $state(0);
  readonly #draftCoverage = $derived.by((): Coverage | null =>
    this.#report ? coverageAt(this.#report.test.tops, this.draft) : null,
  );

  constructor(client: FoveaClient) {
    this.#client = client;
  }

  get report(): CalibrationReport | null {
    return this.#report;
  }
  get isBusy(): boolean {
    return this.#isBusy;
  }
  get errors(): ErrorState {
    return this.#errors;
  }
  /** The test split's coverage at the draft threshold (what saving it would give). */
  get draftCoverage(): Coverage | null {
    return this.#draftCoverage;
  }

  /** The report of this run, if it is the one loaded. */
  reportOf(runId: number | null): CalibrationReport | null {
    return this.#report?.runId === runId ? this.#report : null;
  }

  async load(runId: number): Promise<void> {
    await this.#run(() => this.#client.calibration.get(runId));
  }

  async save(runId: number, isTemperatureOn: boolean): Promise<void> {
    const threshold = this.draft;
    await this.#run(() => this.#client.calibration.set(runId, { threshold, isTemperatureOn }));
  }

  async useDefault(runId: number, isTemperatureOn: boolean): Promise<void> {
    await this.#run(() =>
      this.#client.calibration.set(runId, { threshold: null, isTemperatureOn }),
    );
  }

  reset(): void {
    this.#report = null;
    this.draft = 0;
    this.#errors.clear();
  }

  async #run(work: () => Promise<CalibrationReport>): Promise<void> {
    this.#isBusy = true;
    await this.#errors.attempt(async () => {
      const report = await work();
      this.#report = report;
      this.draft = report.rule.threshold;
    });
    this.#isBusy = false;
  }
}
