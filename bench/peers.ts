/** Runs the peers in ../shared/peers (Debian's python3 with torch and Pillow) and reads their JSON line. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const sharedDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared');
export const peersDir = join(sharedDir, 'peers');
const python = '/usr/bin/python3';

export function hasPeers(): boolean {
  return existsSync(join(peersDir, 'setup.sh'));
}

/** Installs the peers' Debian packages once (idempotent); throws a readable error if that fails. */
export async function ensurePeers(): Promise<void> {
  if (!hasPeers()) throw new Error(`The peers folder is missing: ${peersDir}`);
  await run('bash', [join(peersDir, 'setup.sh')], { maxBuffer: 16 << 20 });
}

/**
 * Runs one peer script and returns the JSON object of its last output line; a script that ends
 * with a plain sentence (make_jpegs.py) gives `{ output }`.
 */
export async function runPeer(
  script: string,
  args: string[] = [],
): Promise<Record<string, unknown>> {
  const { stdout } = await run(python, [join(peersDir, script), ...args], {
    cwd: peersDir,
    maxBuffer: 64 << 20,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return line.startsWith('{') ? (JSON.parse(line) as Record<string, unknown>) : { output: line };
}

/** Fovea's figure beside the peer's, and their ratio (Fovea / peer). */
export function compare(
  fovea: number,
  peer: number,
): { fovea: number; peer: number; ratio: number } {
  return { fovea, peer, ratio: peer > 0 ? fovea / peer : Number.NaN };
}
