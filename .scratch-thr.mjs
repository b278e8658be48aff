import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Worker as NodeWorker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
const require = createRequire(import.meta.url);
const gluePath =
  require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
const glue = readFileSync(gluePath, 'utf8');
const {
  wasmWorkerContents,
} = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');
const bootstrap =
  wasmWorkerContents.replace(/\n/g, '\\n') +
  '\n;globalThis.importScripts = () => (0, eval)(require("worker_threads").workerData.glue);';
class PthreadWorker extends NodeWorker {
  constructor() {
    super(bootstrap, { eval: true, workerData: { glue } });
  }
  postMessage(message, transfer) {
    if (message && message.cmd === 'load' && typeof message.urlOrBlob !== 'string')
      message = { ...message, urlOrBlob: 'fovea:glue' };
    return super.postMessage(message, transfer);
  }
}
Object.defineProperty(globalThis, 'Worker', {
  configurable: true,
  get: () => PthreadWorker,
  set: () => {},
});
const wasmMod = await import('@tensorflow/tfjs-backend-wasm');
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
wasmMod.setThreadsCount(Number(process.env.T ?? 2));
import os from 'node:os';
const cpus = os.cpus;
os.cpus = () => {
  const c = cpus();
  return [...c, ...c];
};
const t0 = performance.now();
const ok = await tf.setBackend('wasm');
os.cpus = cpus;
console.log(
  'ok',
  ok,
  tf.getBackend(),
  'ms',
  performance.now() - t0,
  'threads',
  wasmMod.getThreadsCount(),
);
const backend = tf.backend();
console.log(
  'PThread' in backend.wasm,
  backend.wasm.PThread?.unusedWorkers.length,
  backend.wasm.PThread?.runningWorkers.length,
);
const x = tf.randomUniform([32, 64, 64, 16]);
const f = tf.randomUniform([3, 3, 16, 32]);
for (let r = 0; r < 3; r++) {
  const s = performance.now();
  for (let i = 0; i < 20; i++) {
    const y = tf.conv2d(x, f, 1, 'same');
    y.dataSync();
    y.dispose();
  }
  const ms = (performance.now() - s) / 20;
  console.log(
    'conv ms',
    ms.toFixed(2),
    'GFLOP/s',
    ((2 * 32 * 64 * 64 * 9 * 16 * 32) / ms / 1e6).toFixed(1),
  );
}
{
  const c0 = process.cpuUsage();
  const s = performance.now();
  for (let i = 0; i < 20; i++) {
    const y = tf.conv2d(x, f, 1, 'same');
    y.dataSync();
    y.dispose();
  }
  const wall = performance.now() - s;
  const c = process.cpuUsage(c0);
  console.log('cpu/wall', ((c.user + c.system) / 1000 / wall).toFixed(2));
}
{
  const a = tf.randomUniform([512, 512]);
  const b = tf.randomUniform([512, 512]);
  const c0 = process.cpuUsage();
  const s = performance.now();
  for (let i = 0; i < 20; i++) {
    const y = tf.matMul(a, b);
    y.dataSync();
    y.dispose();
  }
  const wall = performance.now() - s;
  const c = process.cpuUsage(c0);
  console.log(
    'matmul GFLOP/s',
    ((2 * 512 ** 3 * 20) / wall / 1e6).toFixed(1),
    'cpu/wall',
    ((c.user + c.system) / 1000 / wall).toFixed(2),
  );
}
import { readdirSync, readFileSync as rf } from 'node:fs';
const ticks = () =>
  Object.fromEntries(
    readdirSync('/proc/self/task').map((t) => {
      const s = rf(`/proc/self/task/${t}/stat`, 'utf8').split(') ')[1].split(' ');
      return [t, Number(s[11]) + Number(s[12])];
    }),
  );
{
  const before = ticks();
  for (let i = 0; i < 40; i++) {
    const y = tf.conv2d(x, f, 1, 'same');
    y.dataSync();
    y.dispose();
  }
  const after = ticks();
  console.log(
    Object.entries(after)
      .map(([t, v]) => `${t}:${v - (before[t] ?? 0)}`)
      .filter((e) => !e.endsWith(':0'))
      .join(' '),
  );
}
console.log(
  backend.wasm.PThread.runningWorkers.map((w) => w.threadId),
  backend.wasm.PThread.runningWorkers[0]?.loaded,
);
console.log(
  'wasmMemory' in backend.wasm,
  backend.wasm.wasmMemory?.buffer === backend.wasm.HEAPF32.buffer,
  process.memoryUsage().rss / 1e6,
);
for (const w of backend.wasm.PThread.unusedWorkers.splice(0)) await w.terminate();
await new Promise((r) => setTimeout(r, 500));
console.log('after terminate rss', process.memoryUsage().rss / 1e6);
