/**
 * Where errors go that no caller is waiting for (background clean-ups, a model that could not be
 * saved after its run ended): never swallowed, always said with what was being done.
 */
export interface Logger {
  /** `context` says what failed, e.g. "cannot save the model of run 3". */
  error(context: string, error: unknown): void;
}
