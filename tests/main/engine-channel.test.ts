import { EventEmitter } from 'node:events';
import type { UtilityProcess } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { UtilityProcessChannel } from '../../main/engine-channel.js';

class FakeUtility extends EventEmitter {
  readonly sent: unknown[] = [];
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  kill = vi.fn(() => {
    this.emit('exit', 0);
    return true;
  });
}

function channel() {
  const child = new FakeUtility();
  const fork = vi.fn(() => child as unknown as UtilityProcess);
  return { child, fork, channel: new UtilityProcessChannel(fork, '/app/dist/engine.js') };
}

describe('UtilityProcessChannel', () => {
  it('forks the engine entry as a utility process and passes messages both ways', () => {
    const { child, fork, channel: engine } = channel();
    expect(fork).toHaveBeenCalledWith(
      '/app/dist/engine.js',
      [],
      expect.objectContaining({ serviceName: 'Fovea engine' }),
    );
    const received: unknown[] = [];
    engine.onMessage((message) => received.push(message));
    engine.postMessage({ type: 'init', backend: 'auto' });
    child.emit('message', { type: 'ready', backend: 'wasm' });
    expect(child.sent).toEqual([{ type: 'init', backend: 'auto' }]);
    expect(received).toEqual([{ type: 'ready', backend: 'wasm' }]);
  });

  it('reports the exit, also to listeners added after it, and refuses to post to a dead engine', () => {
    const { child, channel: engine } = channel();
    const exits: unknown[] = [];
    engine.onExit((exit) => exits.push(exit));
    child.emit('exit', 9);
    engine.onExit((exit) => exits.push(exit));
    expect(exits).toEqual([
      { code: 9, signal: null },
      { code: 9, signal: null },
    ]);
    expect(() => engine.postMessage({ type: 'dispose' })).toThrow(/exited/);
  });

  it('kills the process', () => {
    const { child, channel: engine } = channel();
    engine.kill();
    expect(child.kill).toHaveBeenCalled();
  });
});
