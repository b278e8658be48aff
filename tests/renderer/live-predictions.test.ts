import { describe, expect, it } from 'vitest';
import type { Explanation } from '../../app/engine/common/exports.js';
import { LivePredictionsState } from '../../renderer/lib/state/live-predictions.svelte.js';
import { FakeClient } from './fake-client.js';

const explanation = (p: number, heatmap: boolean): Explanation => ({
  classes: ['cat', 'dog'],
  probabilities: new Float32Array([p, 1 - p]),
  heatmaps: heatmap ? new Float32Array([0.1, 0.2, 0.3, 0.4]) : null,
  side: heatmap ? 2 : 0,
  layer: null,
  rule: { threshold: 0.7, temperature: 1 },
});

/** A model that answers frame n with p(cat) = answers[n], and the loop's bookkeeping. */
function setup(answers: number[], onFrame: (n: number, live: LivePredictionsState) => void) {
  let inFlight = 0;
  let mostInFlight = 0;
  let clock = 0;
  let calls = 0;
  const fake: FakeClient = new FakeClient({
    'evaluation.predict': async (_runId, _bytes, options): Promise<Explanation> => {
      calls += 1;
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await Promise.resolve();
      inFlight -= 1;
      return explanation(answers[calls - 1] ?? 0.5, options?.heatmap === true);
    },
  });
  const live = new LivePredictionsState(fake.client);
  let grabs = 0;
  const deps = {
    grab: () => {
      onFrame(grabs++, live);
      return Promise.resolve(new Blob([`frame ${grabs}`]));
    },
    now: () => (clock += 250),
  };
  return { live, deps, fake, mostInFlight: () => mostInFlight };
}

describe('LivePredictionsState', () => {
  it('classifies frames one at a time until stopped, with frames/s and "not sure"', async () => {
    const seen: (boolean | undefined)[] = [];
    const { live, deps, fake, mostInFlight } = setup([0.9, 0.6, 0.2], (n, state) => {
      seen.push(state.prediction?.isSure);
      if (n === 3) state.stop();
    });
    await live.start(() => 4, deps);
    expect(fake.argsOf('evaluation.predict')).toHaveLength(3);
    expect(mostInFlight()).toBe(1);
    // Frame 1: cat 0.9 (sure); frame 2: cat 0.6 < 0.7 (not sure); frame 3: dog 0.8 (sure).
    expect(seen).toEqual([undefined, true, false, true]);
    expect(live.frames).toBe(3);
    expect(live.framesPerSecond).toBeCloseTo(4, 5);
    expect(live.isRunning).toBe(false);
    expect(live.prediction?.probabilities[1]).toBeCloseTo(0.8, 5);
  });

  it('asks for the Grad-CAM overlay only while it is on', async () => {
    const { live, deps, fake } = setup([0.9, 0.9, 0.9], (n, state) => {
      if (n === 1) state.isHeatmapOn = true;
      if (n === 2) state.stop();
    });
    await live.start(() => 4, deps);
    expect(fake.argsOf('evaluation.predict').map((args) => args[2])).toEqual([
      { heatmap: false },
      { heatmap: true },
    ]);
    expect(live.prediction?.heatmap?.side).toBe(2);
  });

  it('stops and says why when the engine fails', async () => {
    const fake = new FakeClient({
      'evaluation.predict': () => Promise.reject(new Error('engine crashed')),
    });
    const live = new LivePredictionsState(fake.client);
    await live.start(() => 4, { grab: () => Promise.resolve(new Blob(['x'])) });
    expect(live.isRunning).toBe(false);
    expect(live.errors.message).toContain('engine crashed');
  });

  it('follows the chosen run, frame by frame, and stops when there is none', async () => {
    let runId: number | null = 4;
    const { live, deps, fake } = setup([0.9, 0.9, 0.9], (n) => {
      if (n === 1) runId = 5;
      if (n === 2) runId = null;
    });
    await live.start(() => runId, deps);
    expect(fake.argsOf('evaluation.predict').map((args) => args[0])).toEqual([4, 5]);
    expect(live.isRunning).toBe(false);
  });

  it('drops the answer to a frame sent before stop', async () => {
    const { live, deps } = setup([0.9], (n, state) => {
      if (n === 0) queueMicrotask(() => state.stop());
    });
    await live.start(() => 4, deps);
    expect(live.frames).toBe(0);
    expect(live.prediction).toBeNull();
  });
});
