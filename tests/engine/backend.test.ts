import { availableParallelism } from 'node:os';
import util from 'node:util';

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { FoveaError } from '../../app/base/common/errors.js';
import { initBackend } from '../../app/engine/node/backend.js';
import { loadThreadScripts, probeThread } from '../../app/engine/node/kernels/wasm-threads.js';

async function tryBackend(name: 'tensorflow' | 'wasm' | 'cpu') {
  return initBackend(name).then(
    (loaded) => ({ loaded, error: null }),
    (error: unknown) => ({ loaded: null, error }),
  );
}

describe('initBackend', () => {
  it('runs cpu when asked', async () => {
    const backend = await initBackend('cpu');
    expect(backend.name).toBe('cpu');
    expect(backend.kernels).toEqual([]);
    expect(tf.getBackend()).toBe('cpu');
  });

  it("runs wasm with Fovea's kernels, and can train a conv layer there", async () => {
    const backend = await initBackend('wasm');
    expect(backend.name).toBe('wasm');
    expect(backend.tf.getBackend()).toBe('wasm');
    expect(backend.kernels).toContain('Conv2DBackpropFilter');
    const gradient = tf.tidy(() =>
      tf.grad((filter: tf.Tensor) =>
        tf.conv2d(tf.ones<tf.Rank.R4>([1, 4, 4, 1]), filter as tf.Tensor4D, 1, 'valid').sum(),
      )(tf.ones([3, 3, 1, 2])),
    );
    expect(Array.from(await gradient.data())).toEqual(new Array<number>(18).fill(4));
    gradient.dispose();
  });

  it('runs wasm on every core (up to 8) by default, and says so', async () => {
    const backend = await initBackend('wasm');
    expect(backend.threads).toBe(Math.min(availableParallelism(), 8));
    expect(backend.threadsNote).toBeNull();
    // Started once per process: asking again reports the threads it runs on.
    expect((await initBackend('wasm', { wasmThreads: 1 })).threads).toBe(backend.threads);
    expect((await initBackend('cpu')).threads).toBeNull();
  });

  it('finds the threaded scripts, and a thread that cannot start makes wasm single-threaded', async () => {
    const scripts = loadThreadScripts();
    if (typeof scripts === 'string') throw new Error(scripts);
    expect(await probeThread(scripts)).toBeNull();
    expect(await probeThread({ ...scripts, entry: 'throw new Error("no threads here")' })).toMatch(
      /failed to start \(no threads here\)/,
    );
    expect(await probeThread({ ...scripts, glue: 'not javascript (' })).toMatch(/failed to start/);
  });

  it('says why tensorflow cannot run, or runs it where tfjs-node is installed', async () => {
    const { loaded, error } = await tryBackend('tensorflow');
    if (loaded !== null) {
      expect(loaded.name).toBe('tensorflow');
      return;
    }
    expect(error).toBeInstanceOf(FoveaError);
    expect((error as FoveaError).code).toBe('unsupported');
    expect((error as FoveaError).message).toMatch(
      /tensorflow backend cannot run here: .*tfjs-node/,
    );
  });

  it('puts back the util functions tfjs-node 4.22 needs before loading it', async () => {
    await tryBackend('tensorflow');
    const legacy = util as unknown as Record<string, unknown>;
    expect(typeof legacy['isNullOrUndefined']).toBe('function');
    expect(legacy['isArray']).toBeTypeOf('function');
  });

  it('picks the best backend that loads under auto, and says what it skipped', async () => {
    const backend = await initBackend('auto');
    expect(['tensorflow', 'wasm']).toContain(backend.name);
    expect(tf.getBackend()).toBe(backend.name);
    if (backend.name === 'wasm') {
      expect(backend.skipped).toEqual([
        { name: 'tensorflow', reason: expect.stringMatching(/tfjs-node/) },
      ]);
    }
  });
});
