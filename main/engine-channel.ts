/**
 * The engine process of the desktop app: Electron's utilityProcess (a Node process owned by
 * main, with structured-clone messages), behind the same channel as web mode's child_process.
 */
import type { UtilityProcess } from 'electron';
import type { EngineChannel, EngineExit } from '../app/engine/common/engine-host.js';
import type { HostMessage } from '../app/engine/common/protocol.js';

export type ForkUtility = (
  modulePath: string,
  args: string[],
  options: { serviceName: string; stdio: 'inherit' },
) => UtilityProcess;

export class UtilityProcessChannel implements EngineChannel {
  readonly #child: UtilityProcess;
  #exit: EngineExit | null = null;

  constructor(fork: ForkUtility, enginePath: string) {
    this.#child = fork(enginePath, [], { serviceName: 'Fovea engine', stdio: 'inherit' });
    this.#child.once('exit', (code) => {
      this.#exit = { code, signal: null };
    });
  }

  postMessage(message: HostMessage): void {
    if (this.#exit) throw new Error('the engine process has exited');
    this.#child.postMessage(message);
  }

  onMessage(listener: (message: unknown) => void): void {
    this.#child.on('message', listener);
  }

  onExit(listener: (exit: EngineExit) => void): void {
    if (this.#exit) {
      listener(this.#exit);
      return;
    }
    this.#child.once('exit', (code) => listener({ code, signal: null }));
  }

  kill(): void {
    this.#child.kill();
  }
}
