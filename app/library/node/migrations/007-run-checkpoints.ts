import type { Migration } from './migration.js';

/**
 * The last epoch a run's checkpoint (`checkpoints/<runId>/`) holds; null when it has none. An
 * interrupted run with one can be resumed from that epoch.
 */
export const runCheckpoints: Migration = {
  version: 7,
  name: 'run checkpoints',
  sql: `ALTER TABLE runs ADD COLUMN checkpoint_epoch INTEGER;`,
};
