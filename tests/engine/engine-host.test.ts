import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataPlan, PlanItem } from '../../app/engine/common/data-source.js';
import type { TrainRequest } from '../../app/engine/common/protocol.js';
import type { TrainingEvent } from '../../app/engine/common/training.js';
import { ForkEngineHost } from '../../app/engine/node/fork-engine-host.js';
import { createTensorDatabase, darkAndBright, quickConfig, tinySpec } from './fixtures.js';

const entry = fileURLToPath(new URL('../../app/services/node/engine-process.ts', import.meta.url));
const size = 8;
const imageBytes = size * size * 3;
const images = darkAndBright(48, size, 1);

let directory: string;
let plan: DataPlan;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'fovea-engine-host-'));
  const dbPath = join(directory, 'fovea.db');
  const ids = Array.from({ length: 48 }, (_, index) => index + 1);
  createTensorDatabase(dbPath, size, ids, (id) =>
    images.x.subarray((id - 1) * imageBytes, id * imageBytes),
  );
  const items = (from: number, to: number): PlanItem[] =>
    ids.slice(from, to).map((imageId) => ({ imageId, label: images.y[imageId - 1]! }));
  plan = {
    dbPath,
    size,
    classes: ['dark', 'bright'],
    splits: { train: items(0, 32), val: items(32, 40), test: items(40, 48) },
  };
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

function newHost(): ForkEngineHost {
  return new ForkEngineHost(entry, { execArgv: ['--import', 'tsx'], backend: 'cpu' });
}

function request(runId: number, epochs: number): TrainRequest {
  return { runId, spec: tinySpec, config: { ...quickConfig, epochs }, plan };
}

describe('ForkEngineHost', () => {
  it('trains in the engine process, streams events and predicts with the result', async () => {
    const host = newHost();
    try {
      expect(await host.start()).toBe('cpu');
      const events: TrainingEvent[] = [];
      const outcome = await host.train(request(1, 6), (event) => events.push(event));
      expect(outcome).toMatchObject({
        state: 'completed',
        epochsRun: 6,
        steps: 24,
        backend: 'cpu',
      });
      expect(outcome.test?.count).toBe(8);
      expect(events.map((event) => event.seq)).toEqual(events.map((_event, index) => index + 1));
      expect(events.filter((event) => event.kind === 'epoch')).toHaveLength(6);

      // The engine answers for the run it just trained without loading a folder.
      const batch = images.x.slice(40 * imageBytes, 44 * imageBytes);
      const model = { runId: 1, dir: '/nowhere' };
      const predict = (count: number) =>
        host.runModelTask({ op: 'predict', model, images: batch.buffer, count });
      const prediction = await predict(4);
      const probabilities = new Float32Array(prediction.probabilities);
      expect(prediction.classes).toEqual(['dark', 'bright']);
      expect(probabilities).toHaveLength(8);
      expect(probabilities[0]! + probabilities[1]!).toBeCloseTo(1, 5);
      await expect(predict(3)).rejects.toMatchObject({ code: 'invalid_argument' });
    } finally {
      await host.dispose();
    }
  });

  it('reports a bad request and keeps working; stops a run on request', async () => {
    const host = newHost();
    try {
      const bad = { ...request(2, 1), spec: { name: 'empty', layers: [] } };
      await expect(host.train(bad, () => undefined)).rejects.toMatchObject({
        code: 'invalid_argument',
        message: expect.stringContaining('the model has no layers') as unknown,
      });
      const outcome = await host.train(request(3, 1000), (event) => {
        if (event.kind === 'progress') host.stop(3);
      });
      expect(outcome.state).toBe('stopped');
      expect(outcome.steps).toBeLessThan(1000);
    } finally {
      await host.dispose();
    }
  });

  it('survives a killed engine: the run fails with the reason, the next request starts a new engine', async () => {
    const host = newHost();
    try {
      const events: TrainingEvent[] = [];
      let firstPid: number | undefined;
      const running = host.train(request(4, 1000), (event) => {
        events.push(event);
        if (event.kind === 'progress' && firstPid === undefined) {
          firstPid = host.pid;
          process.kill(firstPid!, 'SIGKILL');
        }
      });
      await expect(running).rejects.toMatchObject({
        code: 'engine_failed',
        message: expect.stringContaining('SIGKILL') as unknown,
      });
      expect(events.at(-1)).toMatchObject({ kind: 'state', state: 'failed', runId: 4 });
      expect(host.backend).toBeNull();

      const outcome = await host.train(request(5, 1), () => undefined);
      expect(outcome.state).toBe('completed');
      expect(host.pid).not.toBe(firstPid);
    } finally {
      await host.dispose();
    }
  });
});
