/** Test doubles for the services: an engine host driven by the test, a logger that records. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Logger } from '../../app/base/common/logger.js';
import type { EngineHost } from '../../app/engine/common/engine-host.js';
import type { ModelTask, ResultFor } from '../../app/engine/common/model-tasks.js';
import type { TrainRequest } from '../../app/engine/common/protocol.js';
import type { RunId } from '../../app/engine/common/run-id.js';
import type {
  BackendName,
  TrainingEvent,
  TrainingOutcome,
} from '../../app/engine/common/training.js';
import type { ProbeImage, VisualFrame } from '../../app/engine/common/visuals.js';

export class RecordingLogger implements Logger {
  readonly errors: { context: string; error: unknown }[] = [];

  error(context: string, error: unknown): void {
    this.errors.push({ context, error });
  }
}

interface FakeRun {
  readonly request: TrainRequest;
  readonly onEvent: (event: TrainingEvent) => void;
  readonly onFrame: ((frame: VisualFrame) => void) | undefined;
  readonly finish: (outcome: TrainingOutcome) => void;
  readonly fail: (error: Error) => void;
}

/** An engine host whose runs end when the test says so, and whose model tasks it answers. */
export class FakeEngineHost implements EngineHost {
  readonly backend: BackendName = 'cpu';
  readonly runs = new Map<RunId, FakeRun>();
  readonly controls: { action: 'pause' | 'resume' | 'stop' | 'probe'; runId: RunId }[] = [];
  readonly tasks: ModelTask[] = [];
  /** Answers a model task; throws (like a dead engine) unless the test sets it. */
  answer: (task: ModelTask) => unknown = (task) => {
    throw new Error(`no answer for ${task.op}`);
  };
  isDisposed = false;

  start(): Promise<BackendName> {
    return Promise.resolve(this.backend);
  }

  train(
    request: TrainRequest,
    onEvent: (event: TrainingEvent) => void,
    onFrame?: (frame: VisualFrame) => void,
  ): Promise<TrainingOutcome> {
    return new Promise((finish, fail) => {
      this.runs.set(request.runId, { request, onEvent, onFrame, finish, fail });
    });
  }

  setProbe(runId: RunId, _probe: ProbeImage): void {
    this.controls.push({ action: 'probe', runId });
  }

  pause(runId: RunId): void {
    this.controls.push({ action: 'pause', runId });
  }

  resume(runId: RunId): void {
    this.controls.push({ action: 'resume', runId });
  }

  stop(runId: RunId): void {
    this.controls.push({ action: 'stop', runId });
    this.runs.get(runId)?.finish(outcome({ state: 'stopped' }));
  }

  runModelTask<T extends ModelTask>(task: T): Promise<ResultFor<T>> {
    this.tasks.push(task);
    return Promise.resolve().then(() => this.answer(task) as ResultFor<T>);
  }

  dispose(): Promise<void> {
    this.isDisposed = true;
    return Promise.resolve();
  }
}

export function outcome(overrides: Partial<TrainingOutcome> = {}): TrainingOutcome {
  return {
    state: 'completed',
    epochsRun: 1,
    steps: 1,
    keptEpoch: 1,
    keptValLoss: 0.5,
    stoppedEarly: false,
    test: null,
    backend: 'cpu',
    ...overrides,
  };
}

/** A folder `<root>/<class>/<n>.png` of small solid images, and how to remove it. */
export async function imageFolder(
  classes: Record<string, number>,
): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'fovea-services-src-'));
  let shade = 0;
  for (const [name, count] of Object.entries(classes)) {
    await mkdir(join(root, name));
    for (let index = 0; index < count; index++) {
      shade = (shade + 37) % 256;
      await sharp({
        create: { width: 24, height: 20, channels: 3, background: { r: shade, g: 90, b: 200 } },
      })
        .png()
        .toFile(join(root, name, `${index}.png`));
    }
  }
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}
