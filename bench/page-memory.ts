/**
 * `npm run bench -- page-memory [--seconds N]`: does the page keep up with live training visuals?
 * Trains in `fovea serve` while Chromium shows the Train area (curves, live filters and feature
 * maps) and samples the page's JS heap after a forced GC every 10 s. A page that queued frames
 * would grow; one that keeps only the newest frame stays flat.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { launchBrowser, startServe } from '../tests/e2e/harness.js';

const run = promisify(execFile);
const cli = resolve(import.meta.dirname, '../bin/fovea.js');

export default async function bench(args: string[]): Promise<Record<string, unknown>> {
  const at = args.indexOf('--seconds');
  const seconds = at >= 0 ? Number(args[at + 1]) : 120;
  const source = await mkdtemp(join(tmpdir(), 'fovea-bench-mem-src-'));
  const library = await mkdtemp(join(tmpdir(), 'fovea-bench-mem-lib-'));
  await run(process.execPath, [cli, 'sample', source, '--per-class', '150']);
  await run(process.execPath, [cli, 'import', '--library', library, '--dataset', 'sample', source]);
  const serve = await startServe(library);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(serve.url);
    await page.getByTestId('nav-train').click();
    await page.getByTestId('config-epochs').fill('500');
    await page.getByTestId('config-epochs').press('Tab');
    await page.getByTestId('config-patience').fill('0');
    await page.getByTestId('config-patience').press('Tab');
    await page.getByTestId('start-training').click();
    await page.getByTestId('speed').waitFor({ timeout: 60_000 });
    const samples: { seconds: number; heapMB: number; nodes: number }[] = [];
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      await new Promise((r) => setTimeout(r, 10_000));
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name: string): number =>
        metrics.find((m) => m.name === name)?.value ?? Number.NaN;
      samples.push({
        seconds: Math.round((performance.now() - started) / 1000),
        heapMB: metric('JSHeapUsedSize') / 2 ** 20,
        nodes: metric('Nodes'),
      });
    }
    const state = await page.getByTestId('run-state').textContent();
    if (await page.getByTestId('stop').isVisible()) await page.getByTestId('stop').click();
    const first = samples[0]?.heapMB ?? Number.NaN;
    const last = samples.at(-1)?.heapMB ?? Number.NaN;
    const minutes = ((samples.at(-1)?.seconds ?? 0) - (samples[0]?.seconds ?? 0)) / 60;
    return {
      seconds,
      samples,
      heapGrowthMB: last - first,
      heapGrowthMBPerMinute: minutes > 0 ? (last - first) / minutes : null,
      isFlat: last - first < 5,
      stateAtEnd: state,
      speed: await page.getByTestId('speed').textContent(),
    };
  } finally {
    await browser.close();
    await serve.stop();
    await rm(source, { recursive: true, force: true });
    await rm(library, { recursive: true, force: true });
  }
}
