/**
 * One owner per library: the process that opens a library for writing holds `fovea.lock` in it
 * (pid, what kind of process, when it started, on which host). Another process that finds the
 * lock held by a live process does not write, recover or clear anything: it says who owns the
 * library. A lock whose process is gone (or whose pid now names a newer process) is stale and is
 * taken over. SQLite's own locking still orders each write against the readers (WAL, busy
 * timeout); the lock file is about who may tidy the library, which SQLite cannot tell.
 *
 * The file is written under a temporary name and linked into place, so a reader never sees half
 * a lock and two processes cannot both create it.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FoveaError } from '../../base/common/errors.js';

export type OwnerKind = 'app' | 'serve' | 'cli';

/** Who is asking for the lock. */
export interface LockOwner {
  readonly kind: OwnerKind;
  /** The CLI command (`train`, `import`…), for the message another process shows. */
  readonly command?: string;
}

export interface LockHolder extends LockOwner {
  readonly pid: number;
  /** When the lock was taken (ms since the epoch). */
  readonly since: number;
  /** The process's start time from /proc/<pid>/stat, where there is one: tells a reused pid. */
  readonly processStart: string | null;
  readonly host: string;
  readonly nonce: string;
}

export interface LibraryLock {
  readonly holder: LockHolder;
  release(): void;
}

/** What a lock check needs of the machine; tests pass their own. */
export interface ProcessProbe {
  readonly pid: number;
  readonly host: string;
  isAlive(pid: number): boolean;
  startTime(pid: number): string | null;
}

export const lockFileName = 'fovea.lock';

export const systemProbe: ProcessProbe = {
  pid: process.pid,
  host: hostname(),
  isAlive: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: the process exists but belongs to someone else.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  startTime: processStartTime,
};

/** Field 22 of /proc/<pid>/stat (start time in clock ticks after boot); null off Linux. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** Takes the library's lock, taking over a stale one; throws `conflict` when a live process holds it. */
export function acquireLibraryLock(
  dir: string,
  owner: LockOwner,
  probe: ProcessProbe = systemProbe,
): LibraryLock {
  const path = join(dir, lockFileName);
  const holder: LockHolder = {
    ...owner,
    pid: probe.pid,
    since: Date.now(),
    processStart: probe.startTime(probe.pid),
    host: probe.host,
    nonce: randomBytes(8).toString('hex'),
  };
  // A few rounds: a stale lock is removed, then the link may race with another process doing the same.
  for (let round = 0; round < 3; round += 1) {
    if (tryCreate(path, holder)) {
      // Two processes that removed the same stale lock: only the one whose file stayed owns it.
      if (readHolder(path)?.nonce === holder.nonce) return lockOf(path, holder);
      continue;
    }
    const current = readHolder(path);
    if (current && isLive(current, probe)) throw new LibraryInUseError(dir, current, probe);
    rmSync(path, { force: true });
  }
  const current = readHolder(path);
  throw current
    ? new LibraryInUseError(dir, current, probe)
    : new FoveaError('conflict', `Cannot take the lock of the library ${dir}; try again.`);
}

/** The live holder of a library's lock, if any (for a read-only opener's message). */
export function currentHolder(
  dir: string,
  probe: ProcessProbe = systemProbe,
): LockHolder | undefined {
  const holder = readHolder(join(dir, lockFileName));
  return holder && isLive(holder, probe) ? holder : undefined;
}

export class LibraryInUseError extends FoveaError {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
    probe: ProcessProbe = systemProbe,
  ) {
    const where = holder.host === probe.host ? '' : ` on ${holder.host}`;
    const hint =
      holder.host === probe.host
        ? 'Wait for it to finish or stop it, then try again.'
        : `If it no longer runs, remove ${join(dir, lockFileName)}.`;
    super(
      'conflict',
      `The library ${dir} is in use by ${describeOwner(holder)} (pid ${holder.pid}${where}) since ${formatTime(holder.since)}. ${hint}`,
    );
  }
}

export function describeOwner(owner: LockOwner): string {
  switch (owner.kind) {
    case 'app':
      return 'the Fovea app';
    case 'serve':
      return '`fovea serve`';
    case 'cli':
      return owner.command ? `\`fovea ${owner.command}\`` : 'a `fovea` command';
  }
}

function isLive(holder: LockHolder, probe: ProcessProbe): boolean {
  // A process on another machine (a shared folder) cannot be checked from here: it stays the owner.
  if (holder.host !== probe.host) return true;
  if (holder.pid === probe.pid) return true;
  if (!probe.isAlive(holder.pid)) return false;
  const start = probe.startTime(holder.pid);
  return holder.processStart === null || start === null || start === holder.processStart;
}

function tryCreate(path: string, holder: LockHolder): boolean {
  const temporary = `${path}.${holder.nonce}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(holder)}\n`);
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    const isHolder =
      typeof value.pid === 'number' &&
      typeof value.since === 'number' &&
      typeof value.host === 'string' &&
      typeof value.nonce === 'string' &&
      (value.kind === 'app' || value.kind === 'serve' || value.kind === 'cli');
    return isHolder ? (value as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

function lockOf(path: string, holder: LockHolder): LibraryLock {
  let isHeld = true;
  return {
    holder,
    release: () => {
      if (!isHeld) return;
      isHeld = false;
      if (readHolder(path)?.nonce === holder.nonce) rmSync(path, { force: true });
    },
  };
}

function formatTime(ms: number): string {
  const date = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
