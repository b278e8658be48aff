import { describe, expect, it } from 'vitest';
import { FoveaError } from '../../app/base/common/errors.js';
import type { EvaluationReport } from '../../app/engine/common/evaluation.js';
import { scoreEvaluation } from '../../app/engine/common/evaluation.js';
import type { Explanation } from '../../app/engine/common/exports.js';
import type { RunStatus, RunSummary } from '../../app/library/common/runs.js';
import { EvaluateState } from '../../renderer/lib/state/evaluate.svelte.js';
import { FakeClient } from './fake-client.js';

const run = (id: number, status: RunStatus): RunSummary =>
  ({ id, datasetId: 1, status, modelName: 'Fovea default' }) as unknown as RunSummary;

/** 40 cats (ids 1–40) all taken for dogs, and 10 dogs (41–50) seen right. */
function report(runId: number): EvaluationReport {
  const images = Array.from({ length: 50 }, (_, i) => ({ imageId: i + 1, label: i < 40 ? 0 : 1 }));
  const probabilities = Float32Array.from(images.flatMap(() => [0.2, 0.8]));
  return scoreEvaluation(
    { runId, datasetId: 1, skipped: 0 },
    ['cat', 'dog'],
    images,
    probabilities,
  );
}

/** One heat map per image, each filled with its image id, so a mix-up would show. */
function explanation(imageIds: readonly number[]): Explanation {
  return {
    classes: ['cat', 'dog'],
    probabilities: new Float32Array(imageIds.length * 2),
    heatmaps: Float32Array.from(imageIds.flatMap((id) => [id, id, id, id])),
    side: 2,
    layer: 'conv2d_1',
  };
}

function evaluateClient(): FakeClient {
  return new FakeClient({
    'runs.list': () => [run(3, 'training'), run(2, 'stopped'), run(1, 'completed')],
    'evaluation.run': (runId) => report(runId),
    'evaluation.heatmaps': (_runId, imageIds) => explanation(imageIds),
    'images.setClass': () => null,
    'images.delete': (ids) => ({ deleted: ids.length }),
    'images.restore': (ids) => ({ restored: ids.length }),
  });
}

describe('EvaluateState', () => {
  it('opens on the last completed run, evaluates it and explains the mistakes shown', async () => {
    const fake = evaluateClient();
    const evaluation = new EvaluateState(fake.client);
    await evaluation.open(1);
    expect(evaluation.runs.map((r) => r.id)).toEqual([2, 1]);
    // Run 2 is newer but was stopped early: the last completed run is the one to judge.
    expect(evaluation.runId).toBe(1);
    expect(evaluation.report?.accuracy).toBeCloseTo(0.2);
    expect(evaluation.mistakes).toHaveLength(24);
    const explained = fake.argsOf('evaluation.heatmaps').map(([, ids]) => ids);
    expect(explained).toEqual([evaluation.mistakes.map((m) => m.imageId)]);
    const first = evaluation.mistakes[0]!.imageId;
    expect(evaluation.heatmap(first)?.values).toEqual(
      Float32Array.from([first, first, first, first]),
    );
    expect(evaluation.busy).toBeNull();
  });

  it('opens on the run the address names, when it has a model', async () => {
    const evaluation = new EvaluateState(evaluateClient().client);
    await evaluation.open(1, 2);
    expect(evaluation.runId).toBe(2);
    // Run 3 is still training: the default (the last completed run) instead.
    await evaluation.open(1, 3);
    expect(evaluation.runId).toBe(1);
  });

  it('explains only the images of an opened cell that have no heat map yet', async () => {
    const fake = evaluateClient();
    const evaluation = new EvaluateState(fake.client);
    await evaluation.open(1);
    await evaluation.openCell({ actual: 0, predicted: 1 });
    expect(evaluation.cellImageIds).toHaveLength(40);
    const [, ids] = fake.argsOf('evaluation.heatmaps')[1] ?? [];
    expect(ids).toHaveLength(16);
    expect(evaluation.cellImageIds.every((id) => evaluation.heatmap(id) !== undefined)).toBe(true);
    await evaluation.openCell(null);
    expect(evaluation.cellImageIds).toEqual([]);
  });

  it('evaluates again after a relabel, but not after a failed one, whose error stays', async () => {
    const fake = evaluateClient();
    const evaluation = new EvaluateState(fake.client);
    await evaluation.open(1);
    await evaluation.relabel(5, 2);
    expect(fake.argsOf('images.setClass')).toEqual([[[5], 2]]);
    expect(fake.argsOf('evaluation.run')).toHaveLength(2);

    fake.handlers['images.setClass'] = () => {
      throw new FoveaError('not_found', 'There is no image 5.');
    };
    await evaluation.relabel(5, 2);
    expect(fake.argsOf('evaluation.run')).toHaveLength(2);
    expect(evaluation.errors.message).toBe('There is no image 5.');
  });

  it('removes images one by one and brings them all back with one undo', async () => {
    const fake = evaluateClient();
    const evaluation = new EvaluateState(fake.client);
    await evaluation.open(1);
    await evaluation.remove(4);
    await evaluation.remove(7);
    expect(evaluation.removed).toEqual([4, 7]);
    await evaluation.undoRemove();
    expect(fake.argsOf('images.restore')).toEqual([[[4, 7]]]);
    expect(evaluation.removed).toEqual([]);
  });

  it('starts afresh on another run and forgets everything on reset', async () => {
    const fake = evaluateClient();
    const evaluation = new EvaluateState(fake.client);
    await evaluation.open(1);
    await evaluation.openCell({ actual: 0, predicted: 1 });
    await evaluation.select(1);
    expect(evaluation.report?.runId).toBe(1);
    expect(evaluation.cell).toBeNull();
    evaluation.reset();
    expect(evaluation.runs).toEqual([]);
    expect(evaluation.report).toBeNull();
    expect(evaluation.mistakes).toEqual([]);
  });

  it('shows an internal failure as something that went wrong', async () => {
    const fake = evaluateClient();
    fake.handlers['evaluation.run'] = () => {
      throw new Error('the engine exited');
    };
    const evaluation = new EvaluateState(fake.client);
    await evaluation.open(1);
    expect(evaluation.report).toBeNull();
    expect(evaluation.errors.message).toBe('Something went wrong: the engine exited');
    expect(evaluation.busy).toBeNull();
  });
});
