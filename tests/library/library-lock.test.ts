import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessProbe } from '../../app/library/node/library-lock.js';
import {
  acquireLibraryLock,
  lockFileName,
  processStartTime,
} from '../../app/library/node/library-lock.js';

/** A machine where the given pids run, each with its start time. */
function probe(pid: number, running: Record<number, string>, host = 'here'): ProcessProbe {
  return {
    pid,
    host,
    isAlive: (other) => other in running,
    startTime: (other) => running[other] ?? null,
  };
}

describe('the library lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fovea-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is held by one process; another is told who holds it and since when', () => {
    const first = acquireLibraryLock(
      dir,
      { kind: 'cli', command: 'train' },
      probe(100, { 100: 'a' }),
    );
    expect(JSON.parse(readFileSync(join(dir, lockFileName), 'utf8'))).toMatchObject({
      pid: 100,
      kind: 'cli',
      command: 'train',
      processStart: 'a',
      host: 'here',
    });
    expect(() =>
      acquireLibraryLock(dir, { kind: 'app' }, probe(200, { 100: 'a', 200: 'b' })),
    ).toThrow(/in use by `fovea train` \(pid 100\) since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\. Wait/);
    first.release();
    const second = acquireLibraryLock(dir, { kind: 'app' }, probe(200, { 200: 'b' }));
    expect(second.holder.pid).toBe(200);
    second.release();
  });

  it('takes over the lock of a process that is gone, or whose pid now names another process', () => {
    acquireLibraryLock(dir, { kind: 'serve' }, probe(100, { 100: 'a' }));
    const afterDeath = acquireLibraryLock(dir, { kind: 'cli' }, probe(200, { 200: 'b' }));
    expect(afterDeath.holder.pid).toBe(200);
    // pid 200 ends; a new process gets pid 200 again, with another start time.
    const afterReuse = acquireLibraryLock(dir, { kind: 'app' }, probe(300, { 200: 'c', 300: 'd' }));
    expect(afterReuse.holder.pid).toBe(300);
  });

  it('takes over a lock file that is not a lock (damaged or empty)', () => {
    writeFileSync(join(dir, lockFileName), '{"pid": 1');
    expect(acquireLibraryLock(dir, { kind: 'cli' }, probe(5, { 5: 'x' })).holder.pid).toBe(5);
  });

  it('leaves a lock held on another host alone, and says where to look', () => {
    acquireLibraryLock(dir, { kind: 'app' }, probe(100, {}, 'other-machine'));
    expect(() => acquireLibraryLock(dir, { kind: 'cli' }, probe(100, {}))).toThrow(
      /the Fovea app \(pid 100 on other-machine\).*remove .*fovea\.lock/,
    );
  });

  it('release removes only its own lock', () => {
    const stale = acquireLibraryLock(dir, { kind: 'cli' }, probe(100, { 100: 'a' }));
    const taken = acquireLibraryLock(dir, { kind: 'cli' }, probe(200, { 200: 'b' }));
    stale.release();
    expect(JSON.parse(readFileSync(join(dir, lockFileName), 'utf8'))).toMatchObject({ pid: 200 });
    taken.release();
    expect(() => readFileSync(join(dir, lockFileName))).toThrow();
  });

  it.skipIf(process.platform !== 'linux')('reads a process start time from /proc', () => {
    expect(processStartTime(process.pid)).toMatch(/^\d+$/);
    expect(processStartTime(2 ** 30)).toBeNull();
  });
});
