/**
 * Runs an exported ONNX model the way a user of onnxruntime-web would, in Node on WebAssembly:
 * how Fovea checks its own ONNX exports. Loaded lazily, so the engine pays for it only when an
 * export is verified.
 */
import { readFile } from 'node:fs/promises';
import { FoveaError } from '../../base/common/errors.js';
import type * as OnnxRuntime from 'onnxruntime-web';
import type { DataSource, Split } from '../common/data-source.js';

type Ort = typeof OnnxRuntime;

let ortPromise: Promise<Ort> | null = null;

async function loadOrt(): Promise<Ort> {
  ortPromise ??= import('onnxruntime-web').then((ort) => {
    // One thread: Node has no cross-origin isolation to share memory with workers here.
    ort.env.wasm.numThreads = 1;
    return ort;
  });
  return ortPromise;
}

/** Probabilities of every image of `split` from the ONNX model in `path` (count × classes). */
export async function predictWithOnnx(
  path: string,
  data: DataSource,
  split: Split,
  batchSize = 64,
): Promise<Float32Array> {
  const ort = await loadOrt();
  let session: Awaited<ReturnType<Ort['InferenceSession']['create']>>;
  try {
    session = await ort.InferenceSession.create(await readFile(path));
  } catch (error) {
    throw new FoveaError('io', `onnxruntime cannot load ${path}: ${String(error)}`, {
      cause: error,
    });
  }
  try {
    const count = data.count(split);
    const classes = data.classes.length;
    const out = new Float32Array(count * classes);
    const pixels = data.size * data.size * 3;
    for (let start = 0; start < count; start += batchSize) {
      const n = Math.min(batchSize, count - start);
      const batch = data.readBatch(
        split,
        Array.from({ length: n }, (_, offset) => start + offset),
      );
      const input = new Float32Array(n * pixels);
      for (let index = 0; index < input.length; index++) input[index] = batch.x[index]! / 255;
      const feeds = { input: new ort.Tensor('float32', input, [n, data.size, data.size, 3]) };
      const result = await session.run(feeds);
      const output = result['probabilities'];
      if (output === undefined)
        throw new FoveaError('io', 'The ONNX model has no output named probabilities.');
      out.set(output.data as Float32Array, start * classes);
    }
    return out;
  } finally {
    await session.release();
  }
}
