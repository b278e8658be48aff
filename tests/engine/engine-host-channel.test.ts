import { describe, expect, it } from 'vitest';
import type { EngineChannel, EngineExit } from '../../app/engine/common/engine-host.js';
import { ChannelEngineHost } from '../../app/engine/common/engine-host.js';
import type { EngineMessage, HostMessage, TrainRequest } from '../../app/engine/common/protocol.js';
import type { TrainingEvent, TrainingOutcome } from '../../app/engine/common/training.js';
import { quickConfig, tinySpec } from './fixtures.js';

/** An engine played by the test, over an in-memory channel. */
class FakeEngine implements EngineChannel {
  readonly received: HostMessage[] = [];
  #onMessage: (message: unknown) => void = () => undefined;
  readonly #onExit: ((exit: EngineExit) => void)[] = [];
  isKilled = false;

  postMessage(message: HostMessage): void {
    this.received.push(message);
  }
  onMessage(listener: (message: unknown) => void): void {
    this.#onMessage = listener;
  }
  onExit(listener: (exit: EngineExit) => void): void {
    this.#onExit.push(listener);
  }
  kill(): void {
    this.isKilled = true;
    this.exit({ code: null, signal: 'SIGKILL' });
  }
  reply(message: EngineMessage | { type: 'nonsense' }): void {
    this.#onMessage(message);
  }
  exit(exit: EngineExit): void {
    for (const listener of this.#onExit.splice(0)) listener(exit);
  }
  lastRequestId(): number {
    const last = this.received.at(-1);
    if (last === undefined || !('requestId' in last)) throw new Error('no request');
    return last.requestId;
  }
}

const request: TrainRequest = {
  runId: 1,
  spec: tinySpec,
  config: quickConfig,
  plan: { dbPath: 'x.db', size: 8, classes: ['a', 'b'], splits: { train: [], val: [], test: [] } },
};

const outcome: TrainingOutcome = {
  state: 'completed',
  epochsRun: 1,
  steps: 1,
  keptEpoch: null,
  keptValLoss: null,
  stoppedEarly: false,
  test: null,
  backend: 'cpu',
};

const tick = () => new Promise((resolve) => setImmediate(resolve));

function setup() {
  const engines: FakeEngine[] = [];
  const host = new ChannelEngineHost(
    () => {
      const engine = new FakeEngine();
      engines.push(engine);
      return engine;
    },
    { backend: 'wasm', exitTimeoutMs: 10, delay: () => Promise.resolve() },
  );
  return { host, engines, engine: () => engines.at(-1)! };
}

describe('ChannelEngineHost', () => {
  it('starts the engine with the requested backend and routes replies and events', async () => {
    const { host, engine } = setup();
    const started = host.start();
    expect(engine().received).toEqual([{ type: 'init', backend: 'wasm' }]);
    engine().reply({ type: 'ready', backend: 'wasm' });
    expect(await started).toBe('wasm');
    expect(host.backend).toBe('wasm');

    const events: TrainingEvent[] = [];
    const training = host.train(request, (event) => events.push(event));
    await tick();
    expect(engine().received.at(-1)).toMatchObject({ type: 'train', runId: 1 });
    const trainRequestId = engine().lastRequestId();
    host.pause(1);
    host.stop(99);
    expect(engine().received.at(-1)).toEqual({ type: 'pause', runId: 1 });
    engine().reply({ type: 'nonsense' });
    engine().reply({
      type: 'event',
      event: { kind: 'state', runId: 1, seq: 1, state: 'paused' },
    });
    engine().reply({
      type: 'event',
      event: { kind: 'state', runId: 98, seq: 1, state: 'paused' },
    });
    engine().reply({
      type: 'result',
      requestId: trainRequestId,
      value: outcome,
    });
    await expect(training).resolves.toEqual(outcome);
    expect(events).toHaveLength(1);
  });

  it('turns engine errors into FoveaErrors and a dead engine into a failed run', async () => {
    const { host, engines, engine } = setup();
    void host.start();
    engine().reply({ type: 'ready', backend: 'cpu' });
    const predicting = host.runModelTask({
      op: 'predict',
      model: { runId: 7, dir: '/nowhere' },
      images: new ArrayBuffer(3),
      count: 1,
    });
    await tick();
    engine().reply({
      type: 'error',
      requestId: engine().lastRequestId(),
      code: 'not_found',
      message: 'no model',
    });
    await expect(predicting).rejects.toMatchObject({ code: 'not_found', message: 'no model' });

    const events: TrainingEvent[] = [];
    const training = host.train(request, (event) => events.push(event));
    await tick();
    engine().reply({
      type: 'event',
      event: { kind: 'state', runId: 1, seq: 4, state: 'training' },
    });
    engine().exit({ code: 134, signal: null });
    await expect(training).rejects.toMatchObject({
      code: 'engine_failed',
      message: 'The engine process exited with code 134.',
    });
    expect(events.at(-1)).toEqual({
      kind: 'state',
      runId: 1,
      seq: 5,
      state: 'failed',
      message: 'The engine process exited with code 134.',
    });

    const restarted = host.start();
    expect(engines).toHaveLength(2);
    engine().reply({
      type: 'error',
      code: 'unsupported',
      message: 'No TensorFlow.js backend could start.',
    });
    await expect(restarted).rejects.toMatchObject({
      code: 'engine_failed',
      message: 'No TensorFlow.js backend could start.',
    });
    expect(engine().isKilled).toBe(true);
  });

  it('kills an engine that does not exit on dispose, and refuses work afterwards', async () => {
    const { host, engine } = setup();
    void host.start();
    engine().reply({ type: 'ready', backend: 'cpu' });
    await host.dispose();
    expect(engine().received.at(-1)).toEqual({ type: 'dispose' });
    expect(engine().isKilled).toBe(true);
    await expect(host.start()).rejects.toMatchObject({ code: 'cancelled' });
  });
});
