/**
 * Peak resident memory of a process and its descendants (the services process and its engine
 * child), per phase of a bench. The kernel keeps each process's peak (VmHWM); writing 5 to
 * /proc/PID/clear_refs resets it, so a phase's peak is exact, not a sample that could miss a
 * spike. Where the reset is refused, the phase's figure is the larger of the sampled VmRSS and
 * the VmHWM read during it, and `isExact` says so.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

interface ProcessPeak {
  readonly pid: number;
  readonly role: string;
  peakKb: number;
}

export interface PhaseMemory {
  /** Peak RSS per process of the tree during the phase, in MB, by role (`services`, `engine`). */
  readonly peakRssMB: Record<string, number>;
  readonly isExact: boolean;
}

function readStatus(pid: number): { hwmKb: number; rssKb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number =>
      Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { hwmKb: field('VmHWM'), rssKb: field('VmRSS') };
  } catch {
    return undefined; // exited
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The root and every live descendant. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    tree.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function roleOf(pid: number, root: number): string {
  if (pid === root) return 'services';
  const command = (() => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      return '';
    }
  })();
  return /engine/.test(command) ? 'engine' : `child ${pid}`;
}

function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Samples the tree of `root` every `intervalMs` until `stop`; `phase` closes one phase, opens the next. */
export class TreeMemory {
  readonly #root: number;
  readonly #timer: NodeJS.Timeout;
  #peaks = new Map<number, ProcessPeak>();
  #isExact = true;
  readonly #overall = new Map<string, number>();

  constructor(root: number, intervalMs = 100) {
    this.#root = root;
    this.#timer = setInterval(() => this.#sample(), intervalMs);
    this.#timer.unref();
  }

  #sample(): void {
    for (const pid of processTree(this.#root)) {
      const status = readStatus(pid);
      if (!status) continue;
      let peak = this.#peaks.get(pid);
      if (!peak) {
        peak = { pid, role: roleOf(pid, this.#root), peakKb: 0 };
        this.#peaks.set(pid, peak);
        // A process born during the phase has its own fresh peak; an older one was reset below.
      }
      peak.peakKb = Math.max(peak.peakKb, status.hwmKb, status.rssKb);
    }
  }

  /** Ends the current phase: its peaks per role, then resets the kernel's peaks for the next. */
  phase(): PhaseMemory {
    this.#sample();
    const peakRssMB: Record<string, number> = {};
    for (const { role, peakKb } of this.#peaks.values()) {
      const megabytes = Math.round(peakKb / 1024);
      peakRssMB[role] = Math.max(peakRssMB[role] ?? 0, megabytes);
      this.#overall.set(role, Math.max(this.#overall.get(role) ?? 0, megabytes));
    }
    const result = { peakRssMB, isExact: this.#isExact };
    this.#peaks = new Map();
    this.#isExact = processTree(this.#root).every(resetPeak);
    return result;
  }

  /** The peak per role over every phase so far. */
  overall(): Record<string, number> {
    return Object.fromEntries(this.#overall);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
