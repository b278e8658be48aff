/**
 * How busy the rest of the machine was while a bench measured, so that a noisy comparison is
 * refused instead of reported. The same figure as ../shared/peers/common.py's `others_cores`:
 * the cores the machine kept busy (from /proc/stat) minus those this bench's own process tree
 * used, over the window's wall time. The process tree counts the engine processes and CLIs a
 * bench starts: live descendants are read from /proc, exited ones through the parent's
 * cutime/cstime once reaped (Node reaps its children).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** Above this many other cores on either side, a comparison is refused (the README says so). */
export const quietLimitCores = 0.25;

export interface LoadWindow {
  readonly wallSeconds: number;
  readonly ownCores: number;
  readonly othersCores: number;
  readonly loadavg1: number;
}

const clockTicks = 100; // USER_HZ on Linux

function machineBusySeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  // user nice system idle iowait irq softirq steal
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / clockTicks;
}

interface ProcessTimes {
  readonly parent: number;
  /** utime + stime + cutime + cstime, in ticks. */
  readonly ticks: number;
}

function readProcess(pid: number): ProcessTimes | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const at = (field: number): number => Number(fields[field - 3]);
    return { parent: at(4), ticks: at(14) + at(15) + at(16) + at(17) };
  } catch {
    return undefined; // exited between the listing and the read
  }
}

/** CPU seconds of this process and every live descendant, reaped children included. */
export function processTreeSeconds(root: number = process.pid): number {
  const table = new Map<number, ProcessTimes>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const times = readProcess(pid);
    if (times) table.set(pid, times);
  }
  const children = new Map<number, number[]>();
  for (const [pid, times] of table)
    children.set(times.parent, [...(children.get(times.parent) ?? []), pid]);
  let ticks = 0;
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    ticks += table.get(pid)?.ticks ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return ticks / clockTicks;
}

/** Opens a window now; the returned function closes it and says how busy the machine was. */
export function openLoadWindow(): () => LoadWindow {
  const started = performance.now();
  const busyBefore = machineBusySeconds();
  const ownBefore = processTreeSeconds();
  return () => {
    const wallSeconds = (performance.now() - started) / 1000;
    const own = processTreeSeconds() - ownBefore;
    const busy = machineBusySeconds() - busyBefore;
    return {
      wallSeconds,
      ownCores: own / wallSeconds,
      othersCores: Math.max(0, (busy - own) / wallSeconds),
      loadavg1: loadavg()[0] ?? 0,
    };
  };
}

export async function measured<T>(work: () => Promise<T>): Promise<{ value: T; load: LoadWindow }> {
  const close = openLoadWindow();
  const value = await work();
  return { value, load: close() };
}

export interface Side {
  readonly name: string;
  readonly othersCores: number;
}

/** Why a round that measured these sides is not comparable, or null when it is. */
export function noiseReason(
  sides: readonly Side[],
  limit: number = quietLimitCores,
): string | null {
  const noisy = sides.filter((side) => !(side.othersCores <= limit));
  if (noisy.length === 0) return null;
  return noisy
    .map((side) => `${side.name} saw ${side.othersCores.toFixed(2)} other cores (> ${limit})`)
    .join('; ');
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface Round {
  readonly fovea: number;
  readonly peer: number;
  /** null when the round was quiet on both sides. */
  readonly noise: string | null;
}

/**
 * Fovea's figure beside the peer's from the comparable rounds only: medians and the median of
 * the per-round ratios, or `comparable: false` with every round's reason when none was quiet.
 */
export function compareRounds(rounds: readonly Round[]): Record<string, unknown> {
  const quiet = rounds.filter((round) => round.noise === null);
  const base = {
    rounds: rounds.length,
    comparable_rounds: quiet.length,
    fovea_rounds: rounds.map((round) => Number(round.fovea.toFixed(1))),
    peer_rounds: rounds.map((round) => Number(round.peer.toFixed(1))),
  };
  if (quiet.length === 0)
    return {
      ...base,
      comparable: false,
      reason:
        rounds.length === 0
          ? 'no round measured both sides'
          : rounds.map((round, index) => `round ${index + 1}: ${round.noise}`).join(' | '),
      ratio: null,
    };
  return {
    ...base,
    comparable: true,
    fovea: median(quiet.map((round) => round.fovea)),
    peer: median(quiet.map((round) => round.peer)),
    ratio: median(quiet.map((round) => round.fovea / round.peer)),
    ...(quiet.length < rounds.length
      ? {
          noisy_rounds_left_out: rounds
            .map((round, index) => (round.noise ? `round ${index + 1}: ${round.noise}` : null))
            .filter((reason) => reason !== null),
        }
      : {}),
  };
}
