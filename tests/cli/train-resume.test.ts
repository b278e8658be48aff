import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { childProcessIds } from '../support/child-processes.js';
import { queryLibrary } from '../support/library-db.js';
import { temporaryFolders } from '../support/temp-folders.js';

const cli = resolve(import.meta.dirname, '../../bin/fovea.js');
const run = promisify(execFile);
const temporaryFolder = temporaryFolders();
const epochs = 12;

interface RunRow {
  status: string;
  epochs_run: number;
  checkpoint_epoch: number | null;
}

function runRow(library: string): RunRow | undefined {
  if (!existsSync(join(library, 'fovea.db'))) return undefined;
  try {
    return queryLibrary<RunRow>(
      library,
      'SELECT status, epochs_run, checkpoint_epoch FROM runs WHERE id = 1',
    )[0];
  } catch {
    return undefined; // Not created yet.
  }
}

function train(library: string, ...args: string[]): ChildProcess {
  return spawn(process.execPath, [cli, 'train', '--library', library, '--json', ...args], {
    stdio: 'ignore',
  });
}

/** Waits until the run's checkpoint holds an epoch after `after`; then freezes the CLI. */
async function untilCheckpointAfter(
  library: string,
  child: ChildProcess,
  after: number,
): Promise<number> {
  await expect
    .poll(() => runRow(library)?.checkpoint_epoch ?? 0, { timeout: 120_000, interval: 20 })
    .toBeGreaterThan(after);
  // SIGSTOP takes effect at once, so the run cannot finish between the look and the kill.
  child.kill('SIGSTOP');
  const engines = childProcessIds(child.pid!);
  for (const engine of engines) process.kill(engine, 'SIGSTOP');
  const epoch = runRow(library)?.checkpoint_epoch ?? 0;
  expect(epoch).toBeLessThan(epochs);
  return epoch;
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((settle) => child.once('exit', (code) => settle(code)));

// SIGSTOP and /proc do not exist on Windows.
describe.skipIf(process.platform !== 'linux')('fovea train --resume', () => {
  it('continues a run after its engine, then its owner, was killed, to the same last epoch', async () => {
    const source = temporaryFolder('fovea-resume-src-');
    const library = temporaryFolder('fovea-resume-lib-');
    await run(process.execPath, [cli, 'sample', source, '--per-class', '24']);
    await run(process.execPath, [cli, 'import', '--library', library, '--dataset', 's', source]);

    // 1. The engine is killed mid-run: the CLI stays, and records the run as interrupted.
    const first = train(library, '--dataset', 's', '--preset', 'tinyvgg', '--epochs', `${epochs}`);
    const firstExit = exitOf(first);
    await untilCheckpointAfter(library, first, 0);
    const engines = childProcessIds(first.pid!);
    expect(engines).toHaveLength(1);
    for (const engine of engines) process.kill(engine, 'SIGKILL');
    first.kill('SIGCONT');
    expect(await firstExit).toBe(1);
    const interrupted = runRow(library);
    expect(interrupted).toMatchObject({ status: 'interrupted' });

    // 2. The resumed run's owner is killed mid-run (its engine with it).
    const second = train(library, '--resume', '1');
    const secondExit = exitOf(second);
    const reached = await untilCheckpointAfter(library, second, interrupted!.checkpoint_epoch!);
    for (const engine of childProcessIds(second.pid!)) process.kill(engine, 'SIGKILL');
    second.kill('SIGKILL');
    await secondExit;
    expect(runRow(library)?.status).toBe('training');

    // 3. Resumed again, it runs to the end: every epoch once, in order, and no checkpoint left.
    const { stdout } = await run(process.execPath, [
      cli,
      'train',
      '--library',
      library,
      '--resume',
      '1',
      '--json',
    ]);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { epoch?: number; status?: string; epochs?: number });
    expect(lines.slice(0, -1).map((line) => line.epoch)).toEqual(
      Array.from({ length: epochs - reached }, (_, index) => reached + 1 + index),
    );
    expect(lines.at(-1)).toMatchObject({ status: 'completed', epochs });
    const metrics = queryLibrary<{ epoch: number }>(
      library,
      "SELECT epoch FROM run_metrics WHERE run_id = 1 AND kind = 'epoch' ORDER BY step",
    );
    expect(metrics.map((row) => row.epoch)).toEqual(
      Array.from({ length: epochs }, (_, index) => index + 1),
    );
    expect(runRow(library)).toMatchObject({ status: 'completed', checkpoint_epoch: null });
    expect(existsSync(join(library, 'checkpoints', '1'))).toBe(false);
    expect(existsSync(join(library, 'models', '1'))).toBe(true);
  });
});
