/**
 * A training run's id: the row id of the library's `runs` table, the same number in the contract,
 * the repositories and the engine protocol.
 */
export type RunId = number;
