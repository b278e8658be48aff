import { describe, expect, it } from 'vitest';

import type { DataPlan } from '../../app/engine/common/data-source.js';
import { defaultTrainingConfig } from '../../app/engine/common/presets.js';
import type { EngineMessage } from '../../app/engine/common/protocol.js';
import { initBackend } from '../../app/engine/node/backend.js';
import { Engine } from '../../app/engine/node/engine.js';
import { presets } from '../../app/engine/common/presets.js';

/** Two images per split, one of each class; embedding d of image i is i + d, class 1 shifted. */
function request(dimension: number, testEmbeddings = 2) {
  const items = [
    { imageId: 1, label: 0 },
    { imageId: 2, label: 1 },
  ];
  const plan: DataPlan = {
    dbPath: '/nonexistent.db',
    size: 224,
    classes: ['cat', 'dog'],
    splits: { train: items, val: items, test: items },
  };
  const features = (count: number) =>
    Float32Array.from({ length: count * dimension }, (_, i) => (i >= dimension ? 5 : 0) + (i % 3))
      .buffer;
  return {
    type: 'train' as const,
    requestId: 7,
    runId: 3,
    spec: presets[0]!.spec(2),
    config: { ...defaultTrainingConfig, epochs: 3, batchSize: 2 },
    plan,
    head: {
      dimension,
      features: { train: features(2), val: features(2), test: features(testEmbeddings) },
    },
  };
}

async function engineWith(messages: EngineMessage[]): Promise<Engine> {
  const engine = new Engine({
    send: (message) => messages.push(message),
    loadBackend: async () => (await initBackend('cpu')).name,
    exit: () => {},
    openData: () => {
      throw new Error('a head run reads no tensors');
    },
  });
  await engine.handle({ type: 'init', backend: 'cpu' });
  return engine;
}

describe('the engine trains a head when the request carries embeddings', () => {
  it('answers with a run outcome and its test report, never opening the plan', async () => {
    const messages: EngineMessage[] = [];
    const engine = await engineWith(messages);
    await engine.handle(request(4));
    const result = messages.find((message) => message.type === 'result');
    expect(result).toMatchObject({
      requestId: 7,
      value: { state: 'completed', epochsRun: 3, test: { count: 2, classes: ['cat', 'dog'] } },
    });
    const epochs = messages.filter((m) => m.type === 'event' && m.event.kind === 'epoch');
    expect(epochs).toHaveLength(3);
  });

  it('refuses embeddings that do not match the plan', async () => {
    const messages: EngineMessage[] = [];
    const engine = await engineWith(messages);
    await engine.handle(request(4, 1));
    expect(messages.at(-1)).toMatchObject({
      type: 'error',
      requestId: 7,
      code: 'invalid_argument',
      message: expect.stringContaining('test split has 2 images but 1 embeddings'),
    });
  });
});
