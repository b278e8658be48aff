import { describe, expect, it } from 'vitest';
import { defaultTrainingConfig } from '../../app/engine/common/presets.js';
import { FoveaError } from '../../app/base/common/errors.js';
import type { RunDetail, RunStatus } from '../../app/library/common/runs.js';
import {
  ladderRequests,
  ladderRows,
  overlaidCurves,
  rungOf,
  wallSeconds,
} from '../../renderer/lib/state/ladder-rows.js';
import { LadderState } from '../../renderer/lib/state/ladder.svelte.js';
import { FakeClient } from './fake-client.js';

const still = { flip: false, shift: 0, rotation: 0, zoom: 0, brightness: 0, contrast: 0 };
const series = (epochs: number[], valAccuracy: number[]) => ({
  step: new Float64Array(0),
  epoch: Float64Array.from(epochs),
  loss: Float64Array.from(epochs, () => 0.5),
  accuracy: Float64Array.from(epochs, () => 0.6),
  valLoss: Float64Array.from(epochs, () => 0.7),
  valAccuracy: Float64Array.from(valAccuracy),
});

function detail(id: number, change: Partial<RunDetail> = {}): RunDetail {
  return {
    id,
    datasetId: 1,
    status: 'completed' as RunStatus,
    message: null,
    createdAt: '2026-12-02T08:00:00.000Z',
    finishedAt: '2026-12-02T08:01:30.000Z',
    epochsRun: 2,
    testAccuracy: 0.5,
    valAccuracy: 0.5,
    pretrained: null,
    config: { ...defaultTrainingConfig, augment: still },
    epochs: series([1, 2], [0.4, 0.5]),
    ...change,
  } as unknown as RunDetail;
}

const recipe = (fineTune: number) => ({
  backbone: 'mobilenet-v2',
  layers: [],
  hidden: 0,
  dropout: 0,
  weightDecay: 0,
  flip: false,
  fineTune,
});

describe('the ladder rows', () => {
  it('names the rung each run started on', () => {
    expect(rungOf(detail(1))).toBe('scratch');
    expect(rungOf(detail(2, { config: defaultTrainingConfig }))).toBe('scratchAugmented');
    expect(rungOf(detail(3, { pretrained: recipe(0) }))).toBe('pretrainedHead');
    expect(rungOf(detail(4, { pretrained: recipe(2) }))).toBe('pretrainedFineTuned');
  });

  it('orders the table best first, runs without a figure last, with wall time and epochs', () => {
    const rows = ladderRows([
      detail(1, { testAccuracy: 0.6 }),
      detail(2, { testAccuracy: null, status: 'failed', message: 'no depthwise gradient' }),
      detail(3, { testAccuracy: 0.9, epochsRun: 30, pretrained: recipe(0) }),
    ]);
    expect(rows.map((row) => row.id)).toEqual([3, 1, 2]);
    expect(rows[0]).toMatchObject({ rung: 'pretrainedHead', epochs: 30, wallSeconds: 90 });
    expect(rows[2]).toMatchObject({ status: 'failed', message: 'no depthwise gradient' });
    expect(wallSeconds({ createdAt: '2026-12-02T08:00:00Z', finishedAt: null })).toBeNull();
  });

  it('lays runs of different lengths on one epoch axis, with gaps where a run has none', () => {
    const curves = overlaidCurves(
      [detail(1, { epochs: series([1, 2, 3], [0.1, 0.2, 0.3]) }), detail(2)],
      'valAccuracy',
    );
    expect(curves.x).toEqual([1, 2, 3]);
    expect(curves.series).toEqual([
      { runId: 1, values: [0.1, 0.2, 0.3] },
      { runId: 2, values: [0.4, 0.5, null] },
    ]);
    const gap = overlaidCurves([detail(3, { epochs: series([1, 2], [NaN, 0.5]) })], 'valAccuracy');
    expect(gap.series[0]?.values).toEqual([null, 0.5]);
  });

  it('asks for the four rungs: still, augmented, head, fine-tuned head', () => {
    const requests = ladderRequests(7, 3).map((step) => step.request);
    expect(requests[0]).toEqual({
      datasetId: 7,
      presetId: 'fovea-default',
      config: { epochs: 3, augment: still },
    });
    expect(requests[1]).toEqual({ datasetId: 7, presetId: 'fovea-default', config: { epochs: 3 } });
    expect(requests[2]).toEqual({ datasetId: 7, from: 'mobilenet-v2' });
    expect(requests[3]).toEqual({
      datasetId: 7,
      from: 'mobilenet-v2',
      pretrained: { fineTune: 2 },
    });
  });
});

/** A fake service: each start makes a run that ends when the test says so. */
function fakeRuns() {
  const runs: RunDetail[] = [];
  const fake = new FakeClient({
    'runs.list': () => [...runs].reverse(),
    'runs.get': (id) => runs.find((run) => run.id === id)!,
    'training.stop': (id) => {
      finish(id, 'stopped');
      return null;
    },
  });
  function finish(id: number, status: RunStatus, message: string | null = null): void {
    const index = runs.findIndex((run) => run.id === id);
    runs[index] = { ...runs[index]!, status, message };
    setTimeout(() => fake.emit('runs.changed', { datasetId: 1, runId: id }), 0);
  }
  fake.handlers['training.start'] = (request) => {
    if (request.pretrained?.fineTune)
      throw new FoveaError('unsupported', 'Fine-tuning is not here yet.');
    const id = runs.length + 1;
    runs.push(detail(id, { status: 'preparing', finishedAt: null }));
    return { runId: id };
  };
  return { fake, runs, finish };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(condition()).toBe(true);
}

describe('LadderState', () => {
  it('climbs the rungs one after another and shows a refused rung with its message', async () => {
    const { fake, finish } = fakeRuns();
    const ladder = new LadderState(fake.client);
    const stop = ladder.listen();
    await ladder.open(1);
    ladder.setScratchEpochs(2);
    const climbing = ladder.runLadder();
    await until(() => ladder.climb[0]?.runId === 1);
    // One at a time: the second rung waits for the first.
    expect(fake.argsOf('training.start')).toHaveLength(1);
    expect(ladder.climb.map((rung) => rung.status)).toEqual([
      'running',
      'waiting',
      'waiting',
      'waiting',
    ]);
    finish(1, 'completed');
    await until(() => ladder.climb[1]?.runId === 2);
    finish(2, 'completed');
    await until(() => ladder.climb[2]?.runId === 3);
    finish(3, 'completed');
    await climbing;
    expect(ladder.climb.map((rung) => rung.status)).toEqual([
      'completed',
      'completed',
      'completed',
      'failed',
    ]);
    expect(ladder.climb[3]?.message).toBe('Fine-tuning is not here yet.');
    expect(ladder.isClimbing).toBe(false);
    expect(ladder.chosen).toEqual([1, 2, 3]);
    expect(ladder.details.map((run) => run.id)).toEqual([3, 2, 1]);
    stop();
    expect(fake.listenerCount).toBe(0);
  });

  it('cancels: stops the rung under way and skips the rest', async () => {
    const { fake } = fakeRuns();
    const ladder = new LadderState(fake.client);
    const stop = ladder.listen();
    await ladder.open(1);
    const climbing = ladder.runLadder();
    await until(() => ladder.climb[0]?.runId === 1);
    await ladder.cancel();
    await climbing;
    expect(fake.argsOf('training.stop')).toEqual([[1]]);
    expect(ladder.climb.map((rung) => rung.status)).toEqual([
      'stopped',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(fake.argsOf('training.start')).toHaveLength(1);
    stop();
  });

  it('compares the latest finished runs when it opens, and the runs chosen after', async () => {
    const { fake, runs } = fakeRuns();
    for (let id = 1; id <= 6; id++)
      runs.push(detail(id, { status: id === 6 ? 'training' : 'completed' }));
    const ladder = new LadderState(fake.client);
    await ladder.open(1);
    expect(ladder.chosen).toEqual([5, 4, 3, 2]);
    await ladder.toggle(4);
    await ladder.toggle(1);
    expect(ladder.details.map((run) => run.id)).toEqual([5, 3, 2, 1]);
  });
});
