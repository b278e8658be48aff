import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VisualFrame } from '../../app/engine/common/visuals.js';
import { openDatabase, schemaVersion } from '../../app/library/node/database.js';
import { migrations } from '../../app/library/node/migrations/index.js';
import { SnapshotRepository } from '../../app/library/node/snapshot-repository.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();

function tempDb(): string {
  return join(temporaryFolder('fovea-db-'), 'fovea.db');
}

const frame: VisualFrame & { kind: 'step' } = {
  kind: 'step',
  step: 12,
  epoch: 1,
  filters: [
    {
      layerIndex: 0,
      filters: 1,
      channels: 3,
      size: 1,
      isRgb: true,
      pixels: Uint8Array.from([1, 2, 3]),
    },
  ],
  maps: [{ layerIndex: 0, channels: 1, height: 1, width: 2, pixels: Uint8Array.from([4, 5]) }],
};

describe('migration 5: run probes and snapshots', () => {
  it('4 → 5 keeps runs and metrics, adds snapshots that go with their run', () => {
    const path = tempDb();
    const v4 = openDatabase(path, { migrations: migrations.slice(0, 4) });
    v4.prepare("INSERT INTO datasets (name, created_at) VALUES ('pets', 'now')").run();
    v4.prepare(
      "INSERT INTO images (dataset_id, hash, original_name, original_path, width, height, bytes, format, created_at) VALUES (1, 'h', 'a.jpg', '/a.jpg', 1, 1, 1, 'jpeg', 'now')",
    ).run();
    v4.prepare(
      "INSERT INTO runs (dataset_id, spec, config, classes, input_size, train_count, val_count, test_count, status, created_at) VALUES (1, '{}', '{}', '[]', 64, 1, 0, 0, 'completed', 'now')",
    ).run();
    v4.prepare(
      "INSERT INTO run_metrics (run_id, kind, step, epoch, loss, accuracy) VALUES (1, 'epoch', 1, 1, 0.5, 0.75)",
    ).run();
    v4.close();

    const v5 = openDatabase(path, { migrations: migrations.slice(0, 5) });
    expect(schemaVersion(v5)).toBe(5);
    expect(v5.prepare('SELECT loss FROM run_metrics').pluck().get()).toBe(0.5);
    const snapshots = new SnapshotRepository(v5);
    const probeId = snapshots.addProbe(1, {
      size: 1,
      imageId: 1,
      pixels: Uint8Array.from([7, 8, 9]),
    });
    snapshots.add(1, frame, probeId);
    snapshots.add(1, { ...frame, step: 24, maps: null }, null);
    expect(snapshots.list(1)).toEqual([
      { seq: 1, step: 12, epoch: 1, kind: 'step' },
      { seq: 2, step: 24, epoch: 1, kind: 'step' },
    ]);
    const first = snapshots.get(1, 1)!;
    expect(first.frame).toEqual({ ...frame });
    expect(first.probe).toEqual({ size: 1, imageId: 1, pixels: Uint8Array.from([7, 8, 9]) });
    expect(snapshots.get(1, 2)!.probe).toBeNull();
    expect(snapshots.storedBytes(1)).toBe(5 + 3);
    expect(() =>
      v5
        .prepare(
          "INSERT INTO run_snapshots (run_id, seq, step, epoch, kind, layout, data) VALUES (1, 9, 0, 0, 'live', '{}', x'00')",
        )
        .run(),
    ).toThrow(/CHECK/);

    // Deleting the image keeps the probe's pixels; deleting the run takes its snapshots along.
    v5.prepare('DELETE FROM images WHERE id = 1').run();
    expect(snapshots.latestProbe(1)?.probe.imageId).toBeNull();
    v5.prepare('DELETE FROM runs WHERE id = 1').run();
    expect(v5.prepare('SELECT count(*) FROM run_snapshots').pluck().get()).toBe(0);
    expect(v5.prepare('SELECT count(*) FROM run_probes').pluck().get()).toBe(0);
    v5.close();
  });
});
