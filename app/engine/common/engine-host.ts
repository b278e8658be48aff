/**
 * The engine host: the services' side of the engine process. It starts the process on first use,
 * matches replies to requests, forwards training events, and survives the process dying: the run
 * in flight is reported failed with the exit reason, and the next request starts a fresh engine.
 *
 * The transport is a channel (`child_process.fork` in Node, `utilityProcess.fork` in Electron);
 * everything else lives here, once.
 */
import type { RunId } from './run-id.js';
import { FoveaError } from '../../base/common/errors.js';
import type { ModelTask, ResultFor } from './model-tasks.js';
import type { EngineMessage, EngineReply, HostMessage, TrainRequest } from './protocol.js';
import { isEngineMessage } from './protocol.js';
import type { BackendName, BackendRequest, TrainingEvent, TrainingOutcome } from './training.js';
import type { ProbeImage, VisualFrame } from './visuals.js';

export interface EngineExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/** One engine process, as seen from the host. */
export interface EngineChannel {
  postMessage(message: HostMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (exit: EngineExit) => void): void;
  kill(): void;
}

export interface EngineHost {
  /** The backend of the running engine; null before it is ready or after it exited. */
  readonly backend: BackendName | null;
  /** Starts the engine if it is not running; resolves with the backend it runs on. */
  start(): Promise<BackendName>;
  /** Trains until completed or stopped; rejects with `engine_failed` if the engine dies. */
  train(
    request: TrainRequest,
    onEvent: (event: TrainingEvent) => void,
    onFrame?: (frame: VisualFrame) => void,
  ): Promise<TrainingOutcome>;
  /** Shows another probe image's feature maps in the run's next visuals frames. */
  setProbe(runId: RunId, probe: ProbeImage): void;
  pause(runId: RunId): void;
  resume(runId: RunId): void;
  stop(runId: RunId): void;
  /** Saves, predicts with, explains, exports or verifies a trained model (model-tasks.ts). */
  runModelTask<T extends ModelTask>(task: T): Promise<ResultFor<T>>;
  dispose(): Promise<void>;
}

export interface ChannelEngineHostOptions {
  readonly backend?: BackendRequest;
  /**
   * Resolves after `ms`; dispose gives the engine `exitTimeoutMs` to exit before killing it.
   * Injected because common/ has no timers (it is pure). Without it, dispose waits for the exit.
   */
  readonly delay?: (ms: number) => Promise<void>;
  readonly exitTimeoutMs?: number;
}

interface Pending {
  /** Takes the reply's value, which the engine made for this request (protocol.ts). */
  readonly resolve: (value: EngineReply) => void;
  readonly reject: (error: FoveaError) => void;
}

interface Run {
  readonly onEvent: (event: TrainingEvent) => void;
  readonly onFrame: ((frame: VisualFrame) => void) | undefined;
  lastSeq: number;
}

/** One started engine process and what is waiting on it. */
interface Session {
  readonly channel: EngineChannel;
  readonly ready: Promise<BackendName>;
  backend: BackendName | null;
  readonly pending: Map<number, Pending>;
  readonly runs: Map<RunId, Run>;
  /** A fatal error the engine reported before exiting; the better reason to give. */
  fatal: string | null;
}

/**
 * The engine process ended under a request (killed, crashed): the run it trained was cut short,
 * not wrong, so its checkpoint can continue it.
 */
export class EngineExitedError extends FoveaError {
  constructor(reason: string) {
    super('engine_failed', reason);
  }
}

export function describeExit(exit: EngineExit): string {
  if (exit.signal !== null) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.code ?? 'unknown'}`;
}

export class ChannelEngineHost implements EngineHost {
  #session: Session | null = null;
  #nextRequestId = 1;
  #isDisposed = false;
  readonly #backendRequest: BackendRequest;
  readonly #exitTimeoutMs: number;
  readonly #delay: ((ms: number) => Promise<void>) | undefined;

  constructor(
    private readonly openChannel: () => EngineChannel,
    options: ChannelEngineHostOptions = {},
  ) {
    this.#backendRequest = options.backend ?? 'auto';
    this.#exitTimeoutMs = options.exitTimeoutMs ?? 5000;
    this.#delay = options.delay;
  }

  get backend(): BackendName | null {
    return this.#session?.backend ?? null;
  }

  async start(): Promise<BackendName> {
    return this.#ensureSession().ready;
  }

  async train(
    request: TrainRequest,
    onEvent: (event: TrainingEvent) => void,
    onFrame?: (frame: VisualFrame) => void,
  ): Promise<TrainingOutcome> {
    const session = this.#ensureSession();
    await session.ready;
    if (session.runs.has(request.runId))
      throw new FoveaError('conflict', `Run ${request.runId} is already training.`);
    session.runs.set(request.runId, { onEvent, onFrame, lastSeq: 0 });
    try {
      return await this.#request<TrainingOutcome>(session, (requestId) => ({
        type: 'train',
        requestId,
        ...request,
      }));
    } finally {
      session.runs.delete(request.runId);
    }
  }

  pause(runId: RunId): void {
    this.#control({ type: 'pause', runId });
  }

  resume(runId: RunId): void {
    this.#control({ type: 'resume', runId });
  }

  stop(runId: RunId): void {
    this.#control({ type: 'stop', runId });
  }

  setProbe(runId: RunId, probe: ProbeImage): void {
    this.#control({ type: 'probe', runId, probe });
  }

  async runModelTask<T extends ModelTask>(task: T): Promise<ResultFor<T>> {
    const session = this.#ensureSession();
    await session.ready;
    return this.#request<ResultFor<T>>(session, (requestId) => ({
      type: 'model',
      requestId,
      task,
    }));
  }

  async dispose(): Promise<void> {
    this.#isDisposed = true;
    const session = this.#session;
    if (session === null) return;
    const exited = new Promise<void>((resolve) => session.channel.onExit(() => resolve()));
    try {
      session.channel.postMessage({ type: 'dispose' });
    } catch {
      // Already gone: the exit listener settles everything.
    }
    const timeout = this.#delay?.(this.#exitTimeoutMs).then(() => 'timeout' as const);
    if (timeout !== undefined && (await Promise.race([exited, timeout])) === 'timeout')
      session.channel.kill();
    await exited;
  }

  #control(message: Extract<HostMessage, { type: 'pause' | 'resume' | 'stop' | 'probe' }>): void {
    const session = this.#session;
    // No engine means no run to control: nothing to do.
    if (session === null || !session.runs.has(message.runId)) return;
    session.channel.postMessage(message);
  }

  /** `R`: what the engine answers the message `build` makes (protocol.ts, `EngineReply`). */
  #request<R extends EngineReply>(
    session: Session,
    build: (requestId: number) => HostMessage,
  ): Promise<R> {
    const requestId = this.#nextRequestId++;
    return new Promise<R>((resolve, reject) => {
      // The one place the reply's type is taken on trust: the engine answers each request id
      // with the result of that request's kind (Engine.handle), and the build is ours.
      session.pending.set(requestId, { resolve: (value) => resolve(value as R), reject });
      try {
        session.channel.postMessage(build(requestId));
      } catch (error) {
        session.pending.delete(requestId);
        reject(
          new FoveaError('engine_failed', `Cannot reach the engine: ${String(error)}`, {
            cause: error,
          }),
        );
      }
    });
  }

  #ensureSession(): Session {
    if (this.#isDisposed) throw new FoveaError('cancelled', 'The engine host was disposed.');
    if (this.#session !== null) return this.#session;
    const channel = this.openChannel();
    let markReady!: (backend: BackendName) => void;
    let failReady!: (error: FoveaError) => void;
    const ready = new Promise<BackendName>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    // A caller awaits `ready`; this keeps a failure nobody waited for from being unhandled.
    ready.catch(() => undefined);
    const session: Session = {
      channel,
      ready,
      backend: null,
      pending: new Map(),
      runs: new Map(),
      fatal: null,
    };
    this.#session = session;
    channel.onMessage((message) => {
      if (!isEngineMessage(message)) return;
      this.#receive(session, message, markReady);
    });
    channel.onExit((exit) => {
      if (this.#session === session) this.#session = null;
      const reason = session.fatal ?? `The engine process ${describeExit(exit)}.`;
      failReady(new EngineExitedError(reason));
      this.#failSession(session, reason);
    });
    channel.postMessage({ type: 'init', backend: this.#backendRequest });
    return session;
  }

  #receive(
    session: Session,
    message: EngineMessage,
    markReady: (backend: BackendName) => void,
  ): void {
    switch (message.type) {
      case 'ready':
        session.backend = message.backend;
        markReady(message.backend);
        return;
      case 'event': {
        const run = session.runs.get(message.event.runId);
        if (run === undefined) return;
        run.lastSeq = Math.max(run.lastSeq, message.event.seq);
        run.onEvent(message.event);
        return;
      }
      case 'visuals':
        session.runs.get(message.runId)?.onFrame?.(message.frame);
        return;
      case 'result': {
        const pending = session.pending.get(message.requestId);
        session.pending.delete(message.requestId);
        pending?.resolve(message.value);
        return;
      }
      case 'error': {
        if (message.requestId === undefined) {
          // The engine cannot go on (e.g. no backend loads); it exits next, and this is why.
          session.fatal = message.message;
          session.channel.kill();
          return;
        }
        const pending = session.pending.get(message.requestId);
        session.pending.delete(message.requestId);
        pending?.reject(new FoveaError(message.code, message.message));
        return;
      }
    }
  }

  /** Runs in flight are reported failed; every waiting request is rejected with the reason. */
  #failSession(session: Session, reason: string): void {
    for (const [runId, run] of session.runs) {
      run.lastSeq += 1;
      run.onEvent({ kind: 'state', runId, seq: run.lastSeq, state: 'failed', message: reason });
    }
    for (const pending of session.pending.values()) pending.reject(new EngineExitedError(reason));
    session.pending.clear();
  }
}
