import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHandle } from './harness.js';
import {
  hasChromium,
  launchBrowser,
  openApp,
  repoRoot,
  startServe,
  trainFromScratch,
} from './harness.js';
import { childProcessIds } from '../support/child-processes.js';
import { queryLibrary } from '../support/library-db.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders('all');
const run = promisify(execFile);
const cli = join(repoRoot, 'bin/fovea.js');
const epochs = 8;

function checkpointEpoch(library: string): number {
  const rows = queryLibrary<{ epoch: number | null }>(
    library,
    'SELECT checkpoint_epoch AS epoch FROM runs ORDER BY id DESC LIMIT 1',
  );
  return rows[0]?.epoch ?? 0;
}

describe.skipIf(!hasChromium || process.platform !== 'linux')('resuming a run in web mode', () => {
  let browser: Browser;
  let serve: ServeHandle;
  let page: Page;

  beforeAll(async () => {
    const source = temporaryFolder('fovea-e2e-sample-');
    const library = temporaryFolder('fovea-e2e-resume-');
    await run(process.execPath, [cli, 'sample', source, '--per-class', '30']);
    await run(process.execPath, [cli, 'import', '--library', library, '--dataset', 's', source]);
    browser = await launchBrowser();
    serve = await startServe(library);
    page = await openApp(browser, serve);
    await page.getByTestId('nav-train').click();
    await trainFromScratch(page);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('shows a run whose engine was killed as interrupted, and resumes it to its end', async () => {
    await page.getByTestId('preset').selectOption('tiny-vgg');
    await page.getByTestId('config-epochs').fill(String(epochs));
    await page.getByTestId('config-epochs').press('Tab');
    await page.getByTestId('start-training').click();

    // Once an epoch is checkpointed, the engine (the serve process's child) is frozen, then killed.
    const library = serve.libraryDir;
    await expect
      .poll(() => checkpointEpoch(library), { timeout: 120_000, interval: 20 })
      .toBeGreaterThan(0);
    const engines = childProcessIds(serve.process.pid!);
    expect(engines).toHaveLength(1);
    process.kill(engines[0]!, 'SIGSTOP');
    const reached = checkpointEpoch(library);
    expect(reached).toBeLessThan(epochs);
    process.kill(engines[0]!, 'SIGKILL');

    const interrupted = page.getByTestId('run-interrupted');
    await expect
      .poll(() => interrupted.textContent(), { timeout: 60_000 })
      .toContain(`Interrupted at epoch ${reached} of ${epochs}`);
    await page.getByTestId('run-continue').click();
    await expect
      .poll(() => page.getByTestId('run-item').first().textContent(), { timeout: 120_000 })
      .toContain('Completed');
    expect(await interrupted.count()).toBe(0);
    const metrics = queryLibrary<{ epoch: number }>(
      library,
      "SELECT epoch FROM run_metrics WHERE kind = 'epoch' ORDER BY step",
    );
    expect(metrics.map((row) => row.epoch)).toEqual(
      Array.from({ length: epochs }, (_, index) => index + 1),
    );
  }, 240_000);
});
