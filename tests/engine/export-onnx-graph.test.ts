import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { initBackend } from '../../app/engine/node/backend.js';
import { loadBackbone } from '../../app/engine/node/backbone.js';
import { toOnnxGraph } from '../../app/engine/node/export-onnx-graph.js';
import {
  convKernelToOihw,
  depthwiseKernelToGrouped,
  foldBatchNorm,
} from '../../app/engine/node/onnx-layers.js';
import { mobileBlock, perturbNorms } from './backbone-fixtures.js';
import { onnxClientsMissing, runOnnxClients } from './onnx-clients.js';

const root = new URL('../..', import.meta.url).pathname;
const hasNsfwjs = existsSync(join(root, 'node_modules/nsfwjs/dist/models/mobilenet_v2'));
const missingClients = onnxClientsMissing();

async function runOrt(bytes: Uint8Array, input: tf.Tensor4D): Promise<Float32Array> {
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(bytes);
  try {
    const feeds = {
      input: new ort.Tensor('float32', input.dataSync() as Float32Array, input.shape),
    };
    const result = await session.run(feeds);
    return result['probabilities']!.data as Float32Array;
  } finally {
    await session.release();
  }
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number) {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++)
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  expect(worst).toBeLessThan(tolerance);
}

describe('ONNX building blocks', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('reorders conv kernels HWIO → OIHW, and depthwise kernels to grouped [C·M, 1, H, W]', () => {
    // [1, 2, 2, 3]: value = 100·x + 10·i + o.
    const conv = Float32Array.from(
      { length: 12 },
      (_, k) => 100 * Math.floor(k / 6) + 10 * (Math.floor(k / 3) % 2) + (k % 3),
    );
    const oihw = convKernelToOihw(conv, [1, 2, 2, 3]);
    // out 2, in 1, x 1 → 100 + 10 + 2, at ((2·2 + 1)·1 + 0)·2 + 1.
    expect(oihw[11]).toBe(112);
    expect(oihw[0]).toBe(0);
    // [1, 1, 2, 3] depthwise: value = 10·c + m; grouped output c·3 + m.
    const grouped = depthwiseKernelToGrouped(Float32Array.of(0, 1, 2, 10, 11, 12), [1, 1, 2, 3]);
    expect(Array.from(grouped)).toEqual([0, 1, 2, 10, 11, 12]);
    const tall = depthwiseKernelToGrouped(Float32Array.of(0, 1, 10, 11), [2, 1, 2, 1]);
    expect(Array.from(tall)).toEqual([0, 10, 1, 11]);
  });

  it('folds batch norm into conv weights exactly as tfjs computes conv then norm', () => {
    const kernel = tf.randomNormal<tf.Rank.R4>([3, 3, 2, 4], 0, 1, 'float32', 5);
    const x = tf.randomNormal<tf.Rank.R4>([1, 5, 5, 2], 0, 1, 'float32', 6);
    const norm = {
      gamma: Float32Array.of(0.5, 1, 1.5, 2),
      beta: Float32Array.of(0.1, -0.1, 0.2, 0),
      mean: Float32Array.of(0.3, 0, -0.2, 1),
      variance: Float32Array.of(0.5, 1, 2, 0.1),
      epsilon: 1e-3,
    };
    const bias = Float32Array.of(0.2, 0.1, 0, -0.3);
    const expected = tf.tidy(() =>
      tf
        .batchNorm(
          tf.conv2d(x, kernel, 1, 'valid').add(tf.tensor1d(bias)),
          tf.tensor1d(norm.mean),
          tf.tensor1d(norm.variance),
          tf.tensor1d(norm.beta),
          tf.tensor1d(norm.gamma),
          norm.epsilon,
        )
        .dataSync(),
    );
    const folded = foldBatchNorm(
      convKernelToOihw(kernel.dataSync() as Float32Array, [3, 3, 2, 4]),
      bias,
      norm,
    );
    const actual = tf.tidy(() => {
      const oihw = tf.tensor4d(folded.weights, [4, 2, 3, 3]).transpose<tf.Tensor4D>([2, 3, 1, 0]);
      return tf.conv2d(x, oihw, 1, 'valid').add(tf.tensor1d(folded.bias)).dataSync();
    });
    expectClose(actual, expected, 1e-4);
  });
});

describe('toOnnxGraph', () => {
  let work = '';

  beforeAll(async () => {
    await initBackend('cpu');
    work = mkdtempSync(join(tmpdir(), 'fovea-onnx-graph-'));
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('exports an inverted-residual block (pad, depthwise, Relu6, folded norms, add) that onnxruntime runs alike', async () => {
    const model = mobileBlock();
    perturbNorms(model);
    const input = tf.randomUniform<tf.Rank.R4>([3, 12, 12, 3], 0, 1, 'float32', 9);
    const expected = (model.predict(input) as tf.Tensor).dataSync();
    const bytes = toOnnxGraph(model, 12, 'test');
    expectClose(await runOrt(bytes, input), expected, 1e-5);
    if (missingClients === null) {
      const clients = runOnnxClients(bytes, input.dataSync() as Float32Array, input.shape);
      expect(clients.checker).toBe('ok');
      expectClose(clients.opencv.flat(), expected, 1e-5);
    }
    model.dispose();
  });

  it.skipIf(!hasNsfwjs)(
    'exports the whole bundled MobileNetV2; onnxruntime and OpenCV agree with tfjs',
    async () => {
      execFileSync(process.execPath, [join(root, 'scripts/build-backbones.js'), '--out', work]);
      const backbone = await loadBackbone(join(work, 'mobilenet-v2'));
      const input = tf.randomUniform<tf.Rank.R4>([2, 224, 224, 3], 0, 1, 'float32', 4);
      const expected = (backbone.model.predict(input) as tf.Tensor).dataSync();
      const bytes = toOnnxGraph(backbone.model, 224, 'test');
      expectClose(await runOrt(bytes, input), expected, 1e-4);
      if (missingClients === null) {
        const clients = runOnnxClients(bytes, input.dataSync() as Float32Array, input.shape);
        expect(clients.checker).toBe('ok');
        expectClose(clients.opencv.flat(), expected, 1e-4);
      }
      backbone.model.dispose();
    },
  );

  it('refuses layers it cannot write', () => {
    const input = tf.input({ shape: [4, 4, 3] });
    const output = tf.layers.upSampling2d({}).apply(input) as tf.SymbolicTensor;
    expect(() => toOnnxGraph(tf.model({ inputs: input, outputs: output }), 4, 'test')).toThrow(
      /UpSampling2D layers/,
    );
  });
});
