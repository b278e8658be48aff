import { describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../app/ipc/common/contract.js';
import { methodNames } from '../../app/ipc/common/contract.js';
import { dispatch } from '../../app/ipc/common/envelope.js';

function handlers(): Handlers {
  const table: Record<string, unknown> = {};
  for (const name of methodNames) table[name] = vi.fn(() => null);
  return table as unknown as Handlers;
}

async function messageOf(method: string, args: unknown): Promise<string> {
  const result = await dispatch(handlers(), method, args);
  if (result.ok) throw new Error(`${method} was accepted`);
  expect(result.error.code).toBe('invalid_argument');
  return result.error.message;
}

describe('validation messages', () => {
  it('names the field as the form does and says the limit, without schema wording', async () => {
    const message = await messageOf('training.start', [{ datasetId: 1, config: { epochs: 0 } }]);
    expect(message).toBe('Epochs must be at least 1.');
  });

  it('says "required" for a missing value, and "whole number" for a fraction', async () => {
    expect(await messageOf('training.start', [{ config: {} }])).toBe('Dataset id is required.');
    expect(await messageOf('training.start', [{ datasetId: 1, config: { batchSize: 2.5 } }])).toBe(
      'Batch size must be a whole number.',
    );
  });

  it('says which layer holds a wrong value', async () => {
    const spec = {
      name: 'Custom',
      layers: [{ type: 'conv2d', filters: 0, kernelSize: 3, padding: 'same', activation: 'relu' }],
    };
    expect(await messageOf('training.summarize', [1, spec])).toBe(
      'Filters (layer 1) must be at least 1.',
    );
  });

  it('never shows argument paths or zod wording', async () => {
    const message = await messageOf('training.start', [
      { datasetId: 1, config: { learningRate: 0, optimizer: 'rmsprop' }, extra: 1 },
    ]);
    expect(message).not.toMatch(/argument|expected|Invalid input|Too small|\d\.config/);
    expect(message).toContain('Learning rate must be more than 0.');
  });
});
