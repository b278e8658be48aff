/** All SQL about the probes and snapshots of runs (watch it learn). */
import type { RunId } from '../../engine/common/run-id.js';
import type { ProbeImage, StoredFrameKind, VisualFrame } from '../../engine/common/visuals.js';
import { packFrame, unpackFrame } from '../../engine/common/visuals.js';
import type { Snapshot, SnapshotInfo } from '../common/snapshots.js';
import type { Sqlite } from './database.js';

interface ProbeRow {
  id: number;
  image_id: number | null;
  size: number;
  pixels: Buffer;
}

interface SnapshotRow {
  seq: number;
  step: number;
  epoch: number;
  kind: StoredFrameKind;
  probe_id: number | null;
  layout: string;
  data: Buffer;
}

function toProbe(row: ProbeRow): ProbeImage {
  return { size: row.size, imageId: row.image_id, pixels: new Uint8Array(row.pixels) };
}

export class SnapshotRepository {
  readonly #statements;

  constructor(db: Sqlite) {
    this.#statements = {
      addProbe: db.prepare<[number, number | null, number, Uint8Array, string]>(
        'INSERT INTO run_probes (run_id, image_id, size, pixels, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      probe: db.prepare<[number], ProbeRow>(
        'SELECT id, image_id, size, pixels FROM run_probes WHERE id = ?',
      ),
      latestProbe: db.prepare<[number], ProbeRow>(
        'SELECT id, image_id, size, pixels FROM run_probes WHERE run_id = ? ORDER BY id DESC LIMIT 1',
      ),
      add: db.prepare(
        `INSERT INTO run_snapshots (run_id, seq, step, epoch, kind, probe_id, layout, data)
         VALUES (@runId, (SELECT coalesce(max(seq), 0) + 1 FROM run_snapshots WHERE run_id = @runId), @step, @epoch, @kind, @probeId, @layout, @data)
         RETURNING seq`,
      ),
      list: db.prepare<[number], SnapshotInfo>(
        'SELECT seq, step, epoch, kind FROM run_snapshots WHERE run_id = ? ORDER BY seq',
      ),
      get: db.prepare<[number, number], SnapshotRow>(
        'SELECT seq, step, epoch, kind, probe_id, layout, data FROM run_snapshots WHERE run_id = ? AND seq = ?',
      ),
      dropAfter: db.prepare<[number, number]>(
        'DELETE FROM run_snapshots WHERE run_id = ? AND step > ?',
      ),
      bytes: db.prepare<[number], { total: number }>(
        'SELECT coalesce(sum(length(data)), 0) AS total FROM run_snapshots WHERE run_id = ?',
      ),
    };
  }

  /** Removes the snapshots taken after `step` (a run resumed from an earlier checkpoint retakes them). */
  dropAfter(runId: RunId, step: number): void {
    this.#statements.dropAfter.run(runId, step);
  }

  /** Records a probe image of a run; returns its id. */
  addProbe(runId: RunId, probe: ProbeImage): number {
    const result = this.#statements.addProbe.run(
      runId,
      probe.imageId,
      probe.size,
      probe.pixels,
      new Date().toISOString(),
    );
    return Number(result.lastInsertRowid);
  }

  latestProbe(runId: RunId): { id: number; probe: ProbeImage } | undefined {
    const row = this.#statements.latestProbe.get(runId);
    return row ? { id: row.id, probe: toProbe(row) } : undefined;
  }

  /** Stores a frame as the run's next snapshot; returns its seq (1, 2, 3… within the run). */
  add(
    runId: RunId,
    frame: VisualFrame & { kind: StoredFrameKind },
    probeId: number | null,
  ): number {
    const packed = packFrame(frame);
    const row = this.#statements.add.get({
      runId,
      step: frame.step,
      epoch: frame.epoch,
      kind: frame.kind,
      probeId,
      layout: packed.layout,
      data: packed.bytes,
    }) as { seq: number };
    return row.seq;
  }

  list(runId: RunId): SnapshotInfo[] {
    return this.#statements.list.all(runId);
  }

  get(runId: RunId, seq: number): Snapshot | undefined {
    const row = this.#statements.get.get(runId, seq);
    if (!row) return undefined;
    const info = { seq: row.seq, step: row.step, epoch: row.epoch, kind: row.kind };
    const head = { step: row.step, epoch: row.epoch, kind: row.kind };
    const frame = unpackFrame({ layout: row.layout, bytes: new Uint8Array(row.data) }, head);
    const probeRow = row.probe_id === null ? undefined : this.#statements.probe.get(row.probe_id);
    return { ...info, frame, probe: probeRow && frame.maps !== null ? toProbe(probeRow) : null };
  }

  /** Bytes the run's snapshots take (to check the size bound). */
  storedBytes(runId: RunId): number {
    return this.#statements.bytes.get(runId)?.total ?? 0;
  }
}
