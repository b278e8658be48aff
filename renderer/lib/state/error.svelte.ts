import { toErrorInfo } from '../../../app/base/common/errors.js';

/** The sentence a person can act on, for anything thrown. */
export function errorMessage(error: unknown): string {
  const info = toErrorInfo(error);
  if (info.code === 'internal') return `Something went wrong: ${info.message}`;
  return info.message;
}

/**
 * The one error funnel: each area's state owns one, its error banner shows `message`, and every
 * call to the services goes through `attempt`, so no failure is lost on the way to the person.
 */
export class ErrorState {
  #message = $state<string | null>(null);

  get message(): string | null {
    return this.#message;
  }

  handleError(error: unknown): void {
    this.#message = errorMessage(error);
  }

  /** Runs `work`: a success clears the last error, a failure replaces it; says which happened. */
  async attempt(work: () => Promise<unknown>): Promise<boolean> {
    try {
      await work();
      this.#message = null;
      return true;
    } catch (error) {
      this.handleError(error);
      return false;
    }
  }

  clear(): void {
    this.#message = null;
  }
}
