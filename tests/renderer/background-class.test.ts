import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FoveaError } from '../../app/base/common/errors.js';
import type { EvaluationReport } from '../../app/engine/common/evaluation.js';
import type { Explanation } from '../../app/engine/common/exports.js';
import { findBackgroundClass } from '../../app/library/common/background-class.js';
import type { FolderClassification } from '../../app/library/common/classification.js';
import type { RunSummary } from '../../app/library/common/runs.js';
import type { ClassSummary, DatasetSummary } from '../../app/library/common/types.js';
import {
  backgroundClass,
  importAsNone,
  markImagesAsNone,
} from '../../renderer/lib/background-class.js';
import { ClassifyState } from '../../renderer/lib/state/classify.svelte.js';
import { EvaluateState } from '../../renderer/lib/state/evaluate.svelte.js';
import { LivePredictionsState } from '../../renderer/lib/state/live-predictions.svelte.js';
import { FakeClient } from './fake-client.js';

const klass = (id: number, name: string): ClassSummary => ({
  id,
  datasetId: 1,
  name,
  imageCount: 0,
});

/** A dataset whose classes the fake keeps, so a class made is there when read again. */
function libraryClient(initial: ClassSummary[], options: { isCreateRacing?: boolean } = {}) {
  const classes = [...initial];
  const fake = new FakeClient({
    'datasets.get': () =>
      ({ id: 1, name: 'pets', classes: [...classes] }) as unknown as DatasetSummary,
    'classes.create': (_datasetId, name) => {
      const made = klass(100 + classes.length, name);
      classes.push(made);
      if (options.isCreateRacing)
        throw new FoveaError('conflict', 'A class with that name exists.');
      return made;
    },
    'images.setClass': () => null,
    'uploads.begin': () => ({ uploadId: 'abcdef0123456789' }),
    'uploads.add': () => null,
    'imports.start': () => ({ importId: 4 }),
  });
  return fake;
}

describe('the background class', () => {
  it('is found whatever its case', () => {
    expect(findBackgroundClass([klass(1, 'cat'), klass(2, 'Background')])?.id).toBe(2);
    expect(findBackgroundClass([klass(1, 'cat'), klass(2, 'backgrounds')])).toBeNull();
  });

  it('is used when the dataset has one, and made once when it has none', async () => {
    const existing = libraryClient([klass(1, 'cat'), klass(7, 'BACKGROUND')]);
    expect((await backgroundClass(existing.client, 1)).id).toBe(7);
    expect(existing.argsOf('classes.create')).toEqual([]);
    const fresh = libraryClient([klass(1, 'cat')]);
    const made = await backgroundClass(fresh.client, 1);
    expect(made.name).toBe('background');
    expect(fresh.argsOf('classes.create')).toEqual([[1, 'background']]);
    expect((await backgroundClass(fresh.client, 1)).id).toBe(made.id);
    expect(fresh.argsOf('classes.create')).toHaveLength(1);
  });

  it('takes the class another window made meanwhile', async () => {
    const fake = libraryClient([klass(1, 'cat')], { isCreateRacing: true });
    expect((await backgroundClass(fake.client, 1)).name).toBe('background');
  });

  it('receives library images marked "none of these"', async () => {
    const fake = libraryClient([klass(1, 'cat')]);
    const target = await markImagesAsNone(fake.client, 1, [5, 6]);
    expect(fake.argsOf('images.setClass')).toEqual([[[5, 6], target.id]]);
  });

  it('receives a camera frame through the import pipeline', async () => {
    const fake = libraryClient([klass(1, 'cat'), klass(3, 'background')]);
    const file = new File(['jpeg'], 'frame.jpg', { type: 'image/jpeg' });
    expect((await importAsNone(fake.client, 1, file)).importId).toBe(4);
    expect(fake.argsOf('imports.start')).toEqual([
      [{ datasetId: 1, uploadId: 'abcdef0123456789', classId: 3 }],
    ]);
  });
});

describe('marking as "none of these" in Evaluate', () => {
  it('moves a mistake to the background class and evaluates again', async () => {
    const fake = libraryClient([klass(1, 'cat')]);
    let evaluations = 0;
    fake.handlers['runs.list'] = () => [{ id: 1, status: 'completed' } as unknown as RunSummary];
    fake.handlers['evaluation.run'] = () => {
      evaluations += 1;
      return { mistakes: [], cellImages: [], classes: ['cat'] } as unknown as EvaluationReport;
    };
    const evaluation = new EvaluateState(fake.client);
    await evaluation.open(1);
    await evaluation.markAsNone(42);
    expect(fake.argsOf('classes.create')).toEqual([[1, 'background']]);
    expect(fake.argsOf('images.setClass')).toEqual([[[42], 101]]);
    expect(evaluations).toBe(2);
    expect(evaluation.errors.message).toBeNull();
  });

  it('adds a live frame to the background class and says where it went', async () => {
    const fake = libraryClient([klass(1, 'cat')]);
    fake.handlers['evaluation.predict'] = () => ({}) as Explanation;
    const live = new LivePredictionsState(fake.client);
    await live.addFrameAsNone(1, new Blob(['jpeg'], { type: 'image/jpeg' }), new Date(0));
    expect(live.addedTo).toBe('background');
    const added = fake.argsOf('uploads.add')[0]![1] as { path: string }[];
    expect(added.map((file) => file.path)).toEqual(['camera-none-1970-01-01T00-00-00-000Z.jpg']);
  });
});

describe('marking a classified file as "none of these"', () => {
  beforeEach(() => vi.stubGlobal('window', {}));
  afterEach(() => vi.unstubAllGlobals());

  const known = { imageId: 9, datasetId: 1, datasetName: 'pets', className: 'cat' };
  const result = (): FolderClassification => ({
    runId: 1,
    classes: ['cat'],
    inputSize: 32,
    rule: { threshold: 0, temperature: 1 },
    state: 'done',
    total: 3,
    done: 3,
    items: [
      { file: 'f/a.jpg', classIndex: 0, probability: 1, probabilities: [1], known },
      { file: 'f/b.jpg', classIndex: 0, probability: 1, probabilities: [1], known: null },
      { file: 'g/c.jpg', classIndex: 0, probability: 1, probabilities: [1], known: null },
    ],
    refused: [],
    message: null,
  });

  it('moves a library image, imports a dropped file, and cannot reach one not dropped', async () => {
    const fake = libraryClient([klass(1, 'cat')]);
    fake.handlers['classify.start'] = () => ({ jobId: 2 });
    fake.handlers['classify.get'] = () => result();
    const classify = new ClassifyState(fake.client);
    const dropped = (path: string) => ({ path, file: new File([path], path.split('/').at(-1)!) });
    await classify.classifyFiles(1, [dropped('f/a.jpg'), dropped('f/b.jpg')]);
    const [a, b, c] = classify.result!.items;
    expect([a, b, c].map((row) => classify.canMarkAsNone(row!, 1))).toEqual([true, true, false]);
    // An image of another dataset is not moved from it; dropped here, it is imported instead.
    expect(classify.canMarkAsNone({ ...a!, known: { ...known, datasetId: 5 } }, 1)).toBe(true);
    await classify.markAsNone(a!, 1);
    await classify.markAsNone(b!, 1);
    expect(fake.argsOf('images.setClass')).toEqual([[[9], 101]]);
    expect(fake.argsOf('imports.start')).toEqual([
      [{ datasetId: 1, uploadId: 'abcdef0123456789', classId: 101 }],
    ]);
    expect([...classify.markedAsNone]).toEqual(['f/a.jpg', 'f/b.jpg']);
    await classify.markAsNone(c!, 1);
    expect(classify.errors.message).toContain('no longer at hand');
  });
});
