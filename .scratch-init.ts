import { initBackend } from './app/engine/node/backend.js';
const t0 = performance.now();
const b = await initBackend('wasm', process.env.T ? { wasmThreads: Number(process.env.T) } : {});
console.log(b.name, b.threads, b.threadsNote, (performance.now() - t0).toFixed(0), 'ms');
const tf = b.tf;
const be = tf.backend() as any;
console.log(
  'wasmMemory' in be.wasm,
  be.wasm.wasmMemory?.buffer === be.wasm.HEAPF32.buffer,
  be.wasm.HEAPF32.buffer.constructor.name,
  'rss',
  (process.memoryUsage().rss / 1e6).toFixed(0),
  'unused',
  be.wasm.PThread?.unusedWorkers.length,
);
const x = tf.randomUniform([32, 64, 64, 16]) as any;
const f = tf.randomUniform([3, 3, 16, 32]) as any;
for (let r = 0; r < 2; r++) {
  const s = performance.now();
  for (let i = 0; i < 20; i++) {
    const y = tf.conv2d(x, f, 1, 'same');
    y.dataSync();
    y.dispose();
  }
  const ms = (performance.now() - s) / 20;
  console.log('conv ms', ms.toFixed(2));
}
const g = tf.grad((w: any) => tf.conv2d(x, w, 1, 'same').sum())(f);
console.log((await g.data())[0]);
