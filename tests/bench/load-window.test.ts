import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  compareRounds,
  noiseReason,
  openLoadWindow,
  processTreeSeconds,
} from '../../bench/load-window.js';

describe('judging whether a bench round was quiet', () => {
  it('names each side that saw more than 0.25 other cores', () => {
    expect(
      noiseReason([
        { name: 'Fovea', othersCores: 0.1 },
        { name: 'Pillow', othersCores: 0.2 },
      ]),
    ).toBeNull();
    expect(
      noiseReason([
        { name: 'Fovea', othersCores: 0.9 },
        { name: 'Pillow', othersCores: 0.3 },
      ]),
    ).toBe('Fovea saw 0.90 other cores (> 0.25); Pillow saw 0.30 other cores (> 0.25)');
    expect(noiseReason([{ name: 'PyTorch', othersCores: Number.NaN }])).toMatch(/PyTorch/);
  });

  it('takes the ratio from quiet rounds only', () => {
    const result = compareRounds([
      { fovea: 100, peer: 100, noise: null },
      { fovea: 300, peer: 100, noise: 'Fovea saw 1.00 other cores (> 0.25)' },
      { fovea: 120, peer: 100, noise: null },
    ]);
    expect(result['comparable']).toBe(true);
    expect(result['comparable_rounds']).toBe(2);
    expect(result['ratio']).toBeCloseTo(1.1);
    expect(result['noisy_rounds_left_out']).toEqual([
      'round 2: Fovea saw 1.00 other cores (> 0.25)',
    ]);
  });

  it('refuses a ratio when no round was quiet, with the reasons', () => {
    const result = compareRounds([
      { fovea: 100, peer: 50, noise: 'Pillow saw 1.30 other cores (> 0.25)' },
    ]);
    expect(result).toMatchObject({ comparable: false, ratio: null });
    expect(result['reason']).toBe('round 1: Pillow saw 1.30 other cores (> 0.25)');
  });
});

describe('measuring the load of the bench itself', () => {
  it("counts a child process's CPU as the bench's own, not the machine's other load", async () => {
    const before = processTreeSeconds();
    const close = openLoadWindow();
    // A fixed amount of work, then the child reports the CPU it used.
    const child = spawn(
      process.execPath,
      [
        '-e',
        'let x = 0; for (let i = 0; i < 3e8; i++) x += i % 7; const u = process.cpuUsage(); console.log((u.user + u.system) / 1e6, x > 0);',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => child.once('exit', resolve));
    const window = close();
    const childSeconds = Number(output.split(' ')[0]);
    expect(childSeconds).toBeGreaterThan(0);
    // /proc counts in 10 ms ticks.
    expect(processTreeSeconds() - before).toBeGreaterThanOrEqual(childSeconds - 0.05);
    expect(window.ownCores * window.wallSeconds).toBeGreaterThanOrEqual(childSeconds - 0.05);
  });
});
