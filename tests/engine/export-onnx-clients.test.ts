import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import type { ModelSpec } from '../../app/engine/common/spec.js';
import { initBackend } from '../../app/engine/node/backend.js';
import { toOnnx } from '../../app/engine/node/export-onnx.js';
import { buildModel } from '../../app/engine/node/model.js';
import { onnxClientsMissing, runOnnxClients } from './onnx-clients.js';

const missing = onnxClientsMissing();
const title = `ONNX exports in clients Fovea did not write${missing ? ` (skipped: ${missing})` : ''}`;

/** Every layer type a from-scratch model can have. */
const spec: ModelSpec = {
  name: 'every-layer',
  layers: [
    { type: 'conv2d', filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' },
    { type: 'batchNorm' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: 'conv2d', filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'elu' },
    { type: 'avgPool2d', poolSize: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 12, activation: 'tanh' },
    { type: 'dropout', rate: 0.25 },
    { type: 'dense', units: 3, activation: 'softmax' },
  ],
};

describe.skipIf(missing !== null)(title, () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('passes the full checker, and OpenCV predicts what Fovea predicts', () => {
    const size = 20;
    const model = buildModel(spec, { size, classes: 3 }, 7);
    // Batch norm with statistics other than the initial ones, so folding mistakes would show.
    const norm = model.layers[1]!;
    const [gamma, beta] = norm.getWeights();
    norm.setWeights([
      gamma!.add(0.5),
      beta!.sub(0.2),
      tf.linspace(-0.3, 0.4, 6),
      tf.linspace(0.5, 2, 6),
    ]);
    const input = tf.randomUniform([4, size, size, 3], 0, 1, 'float32', 3);
    const expected = (model.predict(input) as tf.Tensor).arraySync() as number[][];
    const bytes = toOnnx(model, size, 'test');
    const result = runOnnxClients(bytes, input.dataSync() as Float32Array, [4, size, size, 3]);
    expect(result.checker).toBe('ok');
    expect(result.opencv).toHaveLength(4);
    result.opencv.forEach((row, image) =>
      row.forEach((value, index) => expect(value).toBeCloseTo(expected[image]![index]!, 4)),
    );
    model.dispose();
    input.dispose();
  });
});
