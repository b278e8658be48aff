/**
 * The engine host for Node (web mode, CLI, tests): the engine runs in a `child_process.fork` of
 * the built entry, with structured-clone messages so ArrayBuffers travel as bytes. Electron gives
 * `ChannelEngineHost` a utilityProcess channel instead.
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import type { ChannelEngineHostOptions, EngineChannel, EngineExit } from '../common/engine-host.js';
import { ChannelEngineHost } from '../common/engine-host.js';

export interface ForkEngineHostOptions extends ChannelEngineHostOptions {
  /** Node flags for the engine, e.g. `['--import', 'tsx']` to run the TypeScript entry in tests. */
  readonly execArgv?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** A channel over one forked engine process. */
export class ForkEngineChannel implements EngineChannel {
  readonly #child: ChildProcess;

  constructor(entryPath: string, options: ForkEngineHostOptions = {}) {
    this.#child = fork(entryPath, [], {
      serialization: 'advanced',
      execArgv: [...(options.execArgv ?? [])],
      env: options.env ?? process.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // Errors (e.g. EPIPE on a dying child) end in 'exit', which is where the host learns of them.
    this.#child.on('error', () => undefined);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  postMessage(message: Parameters<EngineChannel['postMessage']>[0]): void {
    if (!this.#child.connected) throw new Error('the engine process is not connected');
    this.#child.send(message);
  }

  onMessage(listener: (message: unknown) => void): void {
    this.#child.on('message', listener);
  }

  onExit(listener: (exit: EngineExit) => void): void {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) {
      listener({ code: this.#child.exitCode, signal: this.#child.signalCode });
      return;
    }
    this.#child.once('exit', (code, signal) => listener({ code, signal }));
  }

  kill(): void {
    this.#child.kill('SIGKILL');
  }
}

export class ForkEngineHost extends ChannelEngineHost {
  #channel: ForkEngineChannel | null = null;

  /** `entryPath`: the built engine (dist/engine.js), or app/services/node/engine-process.ts with tsx in `execArgv`. */
  constructor(entryPath: string, options: ForkEngineHostOptions = {}) {
    super(
      () => {
        this.#channel = new ForkEngineChannel(entryPath, options);
        return this.#channel;
      },
      { delay: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()), ...options },
    );
  }

  /** The engine process id, for diagnostics (and for tests that kill it). */
  get pid(): number | undefined {
    return this.#channel?.pid;
  }
}
