import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's python, where apt puts python3-onnx and python3-opencv (pyenv's lacks them). */
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const script = new URL('../support/onnx_clients.py', import.meta.url).pathname;

/** Why the ONNX clients cannot run here, or null when they can. */
export function onnxClientsMissing(): string | null {
  const probe = spawnSync(python, ['-c', 'import onnx, cv2'], { encoding: 'utf8' });
  if (probe.error) return `${python} cannot run (${probe.error.message})`;
  if (probe.status !== 0)
    return `${python} lacks onnx or cv2: apt-get install python3-onnx python3-opencv`;
  return null;
}

export interface ClientResult {
  readonly checker: string;
  /** OpenCV's output per image. */
  readonly opencv: number[][];
}

/** Checks `model` with the official checker and runs `input` through OpenCV's dnn. */
export function runOnnxClients(
  model: Uint8Array,
  input: Float32Array,
  shape: readonly number[],
): ClientResult {
  const work = mkdtempSync(join(tmpdir(), 'fovea-onnx-clients-'));
  try {
    writeFileSync(join(work, 'model.onnx'), model);
    writeFileSync(
      join(work, 'input.f32'),
      new Uint8Array(input.buffer, input.byteOffset, input.byteLength),
    );
    const run = spawnSync(
      python,
      [script, join(work, 'model.onnx'), join(work, 'input.f32'), shape.join(',')],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (run.status !== 0) throw new Error(`onnx_clients.py failed:\n${run.stderr}`);
    return JSON.parse(run.stdout) as ClientResult;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
