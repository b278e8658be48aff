import type { Migration } from './migration.js';

/**
 * What "watch it learn" replays: the probe images of a run and snapshots of its filters and the
 * probe's feature maps (uint8 pictures packed into one blob, laid out by a JSON header).
 */
export const snapshots: Migration = {
  version: 5,
  name: 'run probes and snapshots',
  sql: `
    CREATE TABLE run_probes (
      id INTEGER PRIMARY KEY,
      run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      image_id INTEGER REFERENCES images (id) ON DELETE SET NULL,
      size INTEGER NOT NULL,
      pixels BLOB NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX run_probes_by_run ON run_probes (run_id, id);
    CREATE TABLE run_snapshots (
      run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      step INTEGER NOT NULL,
      epoch INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('start', 'step', 'epoch')),
      probe_id INTEGER REFERENCES run_probes (id) ON DELETE SET NULL,
      layout TEXT NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (run_id, seq)
    ) STRICT;
  `,
};
