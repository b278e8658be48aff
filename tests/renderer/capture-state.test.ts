import { describe, expect, it } from 'vitest';
import type { DroppedFile } from '../../renderer/lib/dropped-files.js';
import { CaptureState } from '../../renderer/lib/state/capture.svelte.js';

/** A camera whose frames are numbered blobs; `failAt` makes that grab throw. */
function setup(options: { failAt?: number; onGrab?: (index: number) => void } = {}) {
  const saved: DroppedFile[][] = [];
  let grabs = 0;
  const sleeps: number[] = [];
  const capture = new CaptureState({
    grab: () => {
      const index = grabs++;
      options.onGrab?.(index);
      if (index === options.failAt) return Promise.reject(new Error('no picture'));
      return Promise.resolve(new Blob([`frame ${index}`], { type: 'image/jpeg' }));
    },
    save: (files) => {
      saved.push(files);
      return Promise.resolve();
    },
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    now: () => new Date('2026-12-02T08:30:00.000Z'),
  });
  return { capture, saved, sleeps, grabs: () => grabs };
}

describe('CaptureState', () => {
  it('imports a burst as one import of N named photos, interval apart', async () => {
    const { capture, saved, sleeps } = setup();
    capture.count = 4;
    capture.interval = 0.25;
    await capture.captureBurst();
    expect(saved).toHaveLength(1);
    expect(saved[0]!.map((f) => f.path)).toEqual([
      'camera-2026-12-02T08-30-00-000Z-001.jpg',
      'camera-2026-12-02T08-30-00-000Z-002.jpg',
      'camera-2026-12-02T08-30-00-000Z-003.jpg',
      'camera-2026-12-02T08-30-00-000Z-004.jpg',
    ]);
    expect(await saved[0]![3]!.file.text()).toBe('frame 3');
    expect(sleeps).toEqual([250, 250, 250]);
    expect(capture.phase).toBe('idle');
  });

  it('takes one photo as PNG when asked', async () => {
    const { capture, saved } = setup();
    capture.type = 'image/png';
    await capture.captureOne();
    expect(saved[0]!.map((f) => f.path)).toEqual(['camera-2026-12-02T08-30-00-000Z-001.png']);
  });

  it('imports nothing when the camera stops mid-burst, until the photos are kept', async () => {
    let capture: CaptureState | null = null;
    const setupResult = setup({ onGrab: (index) => index === 3 && capture?.interrupt() });
    capture = setupResult.capture;
    capture.count = 10;
    await capture.captureBurst();
    expect(capture.phase).toBe('interrupted');
    expect([capture.taken, capture.total]).toEqual([4, 10]);
    expect(setupResult.saved).toEqual([]);
    await capture.keep();
    expect(setupResult.saved[0]).toHaveLength(4);
    expect(capture.phase).toBe('idle');
  });

  it('discards the photos of an interrupted burst: nothing is imported', async () => {
    let capture: CaptureState | null = null;
    const setupResult = setup({ onGrab: (index) => index === 1 && capture?.interrupt() });
    capture = setupResult.capture;
    capture.count = 5;
    await capture.captureBurst();
    capture.discard();
    await capture.keep();
    expect(setupResult.saved).toEqual([]);
    expect(capture.phase).toBe('idle');
  });

  it('treats a failed grab after the camera ended as the interruption', async () => {
    let capture: CaptureState | null = null;
    const setupResult = setup({
      failAt: 2,
      onGrab: (index) => index === 2 && capture?.interrupt(),
    });
    capture = setupResult.capture;
    capture.count = 5;
    await capture.captureBurst();
    expect([capture.phase, capture.taken]).toEqual(['interrupted', 2]);
  });

  it('fails a burst whose grab fails with the camera still on, importing nothing', async () => {
    const { capture, saved } = setup({ failAt: 1 });
    capture.count = 3;
    await expect(capture.captureBurst()).rejects.toThrow('no picture');
    expect(saved).toEqual([]);
    expect(capture.phase).toBe('idle');
  });

  it('cancels a burst: nothing imported, camera grabs stop', async () => {
    let capture: CaptureState | null = null;
    const setupResult = setup({ onGrab: (index) => index === 2 && capture?.cancel() });
    capture = setupResult.capture;
    capture.count = 10;
    await capture.captureBurst();
    expect(setupResult.saved).toEqual([]);
    expect(setupResult.grabs()).toBe(3);
    expect(capture.phase).toBe('idle');
  });

  it('bounds the burst size', async () => {
    const { capture, saved } = setup();
    capture.count = 100_000;
    capture.interval = 0;
    await capture.captureBurst();
    expect(saved[0]).toHaveLength(200);
  });
});
