/** The Evaluate area's "N of M shown", "show all" and the larger view of one image. */
import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../app/engine/common/evaluation.js';
import { scoreEvaluation } from '../../app/engine/common/evaluation.js';
import type { Explanation } from '../../app/engine/common/exports.js';
import type { RunSummary } from '../../app/library/common/runs.js';
import { EvaluateState } from '../../renderer/lib/state/evaluate.svelte.js';
import { FakeClient } from './fake-client.js';

/** 40 cats (ids 1–40) all taken for dogs, and 80 dogs (41–120) seen right. */
function report(runId: number): EvaluationReport {
  const images = Array.from({ length: 120 }, (_, i) => ({ imageId: i + 1, label: i < 40 ? 0 : 1 }));
  const probabilities = Float32Array.from(images.flatMap(() => [0.3, 0.7]));
  return scoreEvaluation(
    { runId, datasetId: 1, skipped: 0 },
    ['cat', 'dog'],
    images,
    probabilities,
  );
}

function explanation(imageIds: readonly number[]): Explanation {
  return {
    classes: ['cat', 'dog'],
    probabilities: new Float32Array(imageIds.length * 2),
    heatmaps: new Float32Array(imageIds.length * 4),
    side: 2,
    layer: 'conv2d_1',
  };
}

async function opened(): Promise<{ fake: FakeClient; evaluation: EvaluateState }> {
  const fake = new FakeClient({
    'runs.list': () => [{ id: 1, datasetId: 1, status: 'completed' } as unknown as RunSummary],
    'evaluation.run': (runId) => report(runId),
    'evaluation.heatmaps': (_runId, imageIds) => explanation(imageIds),
    'images.setClass': () => null,
    'images.delete': (ids) => ({ deleted: ids.length }),
  });
  const evaluation = new EvaluateState(fake.client);
  await evaluation.open(1);
  return { fake, evaluation };
}

describe('showing mistakes and cell images', () => {
  it('shows 24 of the 40 mistakes, then all of them with their heat maps', async () => {
    const { evaluation } = await opened();
    expect(evaluation.mistakes).toHaveLength(24);
    expect(evaluation.mistakeCount).toBe(40);
    await evaluation.showAllMistakes();
    expect(evaluation.mistakes).toHaveLength(40);
    expect(evaluation.mistakes.every((m) => evaluation.heatmap(m.imageId) !== undefined)).toBe(
      true,
    );
  });

  it('shows 64 of a cell of 80, then all, and starts again at 64 for the next cell', async () => {
    const { evaluation } = await opened();
    await evaluation.openCell({ actual: 1, predicted: 1 });
    expect(evaluation.cellImageIds).toHaveLength(64);
    expect(evaluation.cellImageCount).toBe(80);
    await evaluation.showAllCellImages();
    expect(evaluation.cellImageIds).toHaveLength(80);
    await evaluation.openCell({ actual: 0, predicted: 1 });
    expect(evaluation.cellImageIds).toHaveLength(40);
    await evaluation.openCell({ actual: 1, predicted: 1 });
    expect(evaluation.cellImageIds).toHaveLength(64);
  });
});

describe('one image opened large', () => {
  it("carries a mistake's probabilities, and closes when the image is relabelled", async () => {
    const { fake, evaluation } = await opened();
    const mistake = evaluation.mistakes[0]!;
    evaluation.openImage(mistake.imageId);
    expect(evaluation.opened).toMatchObject({ imageId: mistake.imageId, actual: 0, predicted: 1 });
    expect(evaluation.opened?.probabilities?.[1]).toBeCloseTo(0.7);
    await evaluation.relabel(mistake.imageId, 2);
    expect(fake.argsOf('images.setClass')).toEqual([[[mistake.imageId], 2]]);
    expect(evaluation.opened).toBeNull();
  });

  it("opens an image of a correct cell without probabilities, and closes when it's deleted", async () => {
    const { evaluation } = await opened();
    await evaluation.openCell({ actual: 1, predicted: 1 });
    const imageId = evaluation.cellImageIds[0]!;
    evaluation.openImage(imageId);
    expect(evaluation.opened).toEqual({ imageId, actual: 1, predicted: 1, probabilities: null });
    await evaluation.remove(imageId);
    expect(evaluation.opened).toBeNull();
  });
});
