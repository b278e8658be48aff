import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FolderClassification } from '../../app/library/common/classification.js';
import { ClassifyState } from '../../renderer/lib/state/classify.svelte.js';
import { FakeClient } from './fake-client.js';

const finished = (state: FolderClassification['state']): FolderClassification => ({
  runId: 1,
  classes: ['cat', 'dog'],
  inputSize: 32,
  rule: { threshold: 0.7, temperature: 1 },
  state,
  total: 3,
  done: 3,
  items: [
    { file: 'f/b10.jpg', classIndex: 1, probability: 0.9, probabilities: [0.1, 0.9], known: null },
    { file: 'f/b2.jpg', classIndex: 0, probability: 0.6, probabilities: [0.6, 0.4], known: null },
  ],
  refused: [{ file: 'f/notes.txt', message: 'Not an image file.' }],
  message: null,
});

const file = (path: string) => ({ path, file: new File(['x'], path.split('/').at(-1)!) });

describe('ClassifyState', () => {
  beforeEach(() => vi.stubGlobal('window', {}));
  afterEach(() => vi.unstubAllGlobals());

  it('uploads in web mode, follows the job by its events, then stops listening', async () => {
    let state: FolderClassification['state'] = 'running';
    const fake = new FakeClient({
      'uploads.begin': () => ({ uploadId: '0123456789abcdef' }),
      'uploads.add': () => null,
      'classify.start': () => ({ jobId: 7 }),
      'classify.get': () => ({ ...finished('done'), state }),
    });
    const classify = new ClassifyState(fake.client);
    await classify.classifyFiles(1, [file('f/b10.jpg'), file('f/b2.jpg')]);
    expect(fake.argsOf('classify.start')).toEqual([[{ runId: 1, uploadId: '0123456789abcdef' }]]);
    expect(classify.phase).toBe('classifying');
    fake.emit('classify.progress', { jobId: 7, done: 2, total: 3 });
    fake.emit('classify.progress', { jobId: 8, done: 1, total: 9 });
    expect(classify.progress).toEqual({ done: 2, total: 3 });
    state = 'done';
    fake.emit('classify.finished', { jobId: 7, state: 'done' });
    await vi.waitFor(() => expect(classify.phase).toBe('idle'));
    expect(classify.result?.refused).toHaveLength(1);
    expect(fake.listenerCount).toBe(0);
  });

  it('takes a result that was ready before the job id came back', async () => {
    const fake = new FakeClient({
      'uploads.begin': () => ({ uploadId: '0123456789abcdef' }),
      'uploads.add': () => null,
      'classify.start': () => ({ jobId: 1 }),
      'classify.get': () => finished('done'),
    });
    const classify = new ClassifyState(fake.client);
    await classify.classifyFiles(1, [file('a.jpg')]);
    expect(classify.phase).toBe('idle');
    expect(classify.result?.items).toHaveLength(2);
    expect(fake.listenerCount).toBe(0);
  });

  it('sorts by file naturally, by probability highest first, and flips on a second click', async () => {
    const fake = new FakeClient({
      'uploads.begin': () => ({ uploadId: '0123456789abcdef' }),
      'uploads.add': () => null,
      'classify.start': () => ({ jobId: 1 }),
      'classify.get': () => finished('done'),
    });
    const classify = new ClassifyState(fake.client);
    await classify.classifyFiles(1, [file('a.jpg')]);
    expect(classify.rows.map((row) => row.file)).toEqual(['f/b2.jpg', 'f/b10.jpg']);
    classify.sortBy('probability');
    expect(classify.rows.map((row) => row.probability)).toEqual([0.9, 0.6]);
    classify.sortBy('probability');
    expect(classify.rows.map((row) => row.probability)).toEqual([0.6, 0.9]);
    const [header, first, second] = classify.csv().split('\r\n');
    expect(header).toBe('file,class,top_class,probability,in_library,cat,dog');
    // Below the run's threshold (0.7) an image reads "not sure", its top class kept beside.
    expect(first).toBe('f/b10.jpg,dog,dog,0.900000,,0.100000,0.900000');
    expect(second).toBe('f/b2.jpg,not sure,cat,0.600000,,0.600000,0.400000');
  });

  it('shows why a failed start failed and goes back to idle', async () => {
    const fake = new FakeClient({
      'uploads.begin': () => ({ uploadId: '0123456789abcdef' }),
      'uploads.add': () => null,
      'classify.start': () => {
        throw new Error('no model');
      },
    });
    const classify = new ClassifyState(fake.client);
    await classify.classifyFiles(1, [file('a.jpg')]);
    expect(classify.phase).toBe('idle');
    expect(classify.errors.message).toMatch(/no model/);
    expect(fake.listenerCount).toBe(0);
  });
});
