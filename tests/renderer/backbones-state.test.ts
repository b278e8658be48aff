import { describe, expect, it } from 'vitest';

import { FoveaError } from '../../app/base/common/errors.js';
import type { BackboneChoice } from '../../app/engine/common/backbone-choice.js';
import { BackbonesState } from '../../renderer/lib/state/backbones.svelte.js';
import { FakeClient } from './fake-client.js';

const choice = (id: string, isAvailable: boolean): BackboneChoice => ({
  id,
  name: id,
  description: '',
  origin: id === 'mobilenet-v2' ? 'bundled' : 'download',
  inputSize: 224,
  layers: [],
  defaultLayers: [],
  parameters: 1,
  licences: [],
  isAvailable,
  downloadBytes: id === 'mobilenet-v2' ? null : 9_000_000,
});

describe('BackbonesState', () => {
  it('lists, downloads with progress, and marks the download as here', async () => {
    let finish: (value: BackboneChoice) => void = () => {};
    const fake = new FakeClient({
      'backbones.list': () => [choice('mobilenet-v2', true), choice('net', false)],
      'backbones.download': () => new Promise((resolve) => (finish = resolve)),
    });
    const state = new BackbonesState(fake.client);
    await state.load();
    expect(state.available.map((each) => each.id)).toEqual(['mobilenet-v2']);
    const downloading = state.download('net');
    expect(state.downloadOf('net')).toEqual({ fraction: null });
    await Promise.resolve();
    fake.emit('backbones.progress', { id: 'net', file: 'a', receivedBytes: 25, totalBytes: 100 });
    fake.emit('backbones.progress', { id: 'other', file: 'a', receivedBytes: 1, totalBytes: 2 });
    expect(state.downloadOf('net')).toEqual({ fraction: 0.25 });
    finish(choice('net', true));
    await downloading;
    expect(state.downloadOf('net')).toBeNull();
    expect(state.available.map((each) => each.id)).toEqual(['mobilenet-v2', 'net']);
    expect(fake.listenerCount).toBe(0);
  });

  it('shows why a download failed, but not a cancel', async () => {
    let failure: Error = new FoveaError('io', 'Cannot reach storage.googleapis.com (ENOTFOUND)');
    const fake = new FakeClient({
      'backbones.list': () => [choice('net', false)],
      'backbones.download': () => Promise.reject(failure),
      'backbones.cancel': () => null,
    });
    const state = new BackbonesState(fake.client);
    await state.load();
    await state.download('net');
    expect(state.errors.message).toMatch(/Cannot reach storage\.googleapis\.com/);
    expect(state.available).toEqual([]);
    failure = new FoveaError('cancelled', 'The download of net was cancelled; nothing was kept.');
    state.errors.clear();
    await state.download('net');
    expect(state.errors.message).toBeNull();
    await state.cancel('net');
    expect(fake.argsOf('backbones.cancel')).toEqual([['net']]);
  });
});
