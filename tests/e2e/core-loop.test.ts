/**
 * The core loop as a new user meets it (issue 17): a test set is offered before training, forms
 * keep what was typed and say what is wrong at the field, runs tell their real status and test
 * accuracy, and the place survives a reload.
 */
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
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders('all');
const run = promisify(execFile);
const fovea = (...args: string[]) =>
  run(process.execPath, [join(repoRoot, 'bin/fovea.js'), ...args], { maxBuffer: 1 << 24 });

/**
 * Dataset 1, "loose": 20 drawings per class, all in a `train/` folder (no validation, no test).
 * Dataset 2, "shapes": train and test folders, with run 1 trained for one epoch by the CLI.
 */
async function library(): Promise<string> {
  const source = temporaryFolder('fovea-e2e-loop-source-');
  const library = temporaryFolder('fovea-e2e-loop-library-');
  await fovea('sample', join(source, 'loose', 'train'), '--per-class', '20', '--seed', '1');
  await fovea('sample', join(source, 'shapes', 'train'), '--per-class', '20', '--seed', '1');
  await fovea('sample', join(source, 'shapes', 'test'), '--per-class', '6', '--seed', '2');
  await fovea('import', '--library', library, '--dataset', 'loose', join(source, 'loose'));
  await fovea('import', '--library', library, '--dataset', 'shapes', join(source, 'shapes'));
  await fovea(
    'train',
    '--library',
    library,
    '--dataset',
    'shapes',
    '--preset',
    'tinyvgg',
    '--epochs',
    '1',
  );
  return library;
}

describe.skipIf(!hasChromium)('the core loop', () => {
  let browser: Browser;
  let serve: ServeHandle;
  let page: Page;
  const base = () => serve.url;

  beforeAll(async () => {
    browser = await launchBrowser();
    serve = await startServe(await library());
    page = await openApp(browser, serve);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  async function goTo(hash: string): Promise<void> {
    await page.goto(`${base()}${hash}`);
    await page.reload();
  }

  it('offers a stratified split before training when there are no test images', async () => {
    await goTo('#/train/1');
    // 40 images in train: training lends floor(15%) of each class (3 + 3) to validation.
    await expect
      .poll(() => page.getByTestId('plan-numbers').textContent())
      .toBe('34 training · 6 validation · 0 test');
    expect(await page.getByTestId('plan-lent').textContent()).toContain('6 of the validation');
    await page.getByTestId('plan-no-test').waitFor();
    await page.getByTestId('plan-split').click();
    await expect
      .poll(() => page.getByTestId('plan-numbers').textContent())
      .toBe('32 training · 4 validation · 4 test');
    await expect.poll(() => page.getByTestId('plan-split').count()).toBe(0);

    // The Datasets area shows the same split, and re-splits all images on request.
    await page.getByTestId('nav-datasets').click();
    const panel = page.getByTestId('splits');
    await expect.poll(() => panel.textContent()).toMatch(/Train 32\s*Validation 4\s*Test 4/);
    await panel.getByRole('spinbutton').nth(0).fill('50');
    await panel.getByRole('spinbutton').nth(1).fill('25');
    await page.getByTestId('resplit-all').click();
    await page.getByTestId('confirm').click();
    await expect.poll(() => panel.textContent()).toMatch(/Train 20\s*Validation 10\s*Test 10/);
  });

  it('checks fields as they are typed and keeps the recipe across areas and reloads', async () => {
    await goTo('#/train/1');
    await trainFromScratch(page);
    const epochs = page.getByTestId('config-epochs');
    await epochs.fill('');
    await expect
      .poll(() => page.getByTestId('issue-epochs').textContent())
      .toBe('Epochs is required');
    expect(await page.getByTestId('start-training').isDisabled()).toBe(true);
    expect(await page.getByTestId('start-blocker').textContent()).toBe('Epochs is required');
    await epochs.fill('0');
    await expect
      .poll(() => page.getByTestId('issue-epochs').textContent())
      .toBe('Epochs must be at least 1');
    await epochs.fill('7');
    await expect.poll(() => page.getByTestId('issue-epochs').count()).toBe(0);
    expect(await page.getByTestId('start-training').isEnabled()).toBe(true);
    // The default learning rate passes the browser's own check of the field.
    expect(
      await page
        .getByTestId('config-learningRate')
        .evaluate((el) => (el as HTMLInputElement).checkValidity()),
    ).toBe(true);

    // A layer's label and parameter count follow the number typed; 0 filters is refused there.
    const filters = page.getByTestId('layer-1-filters');
    const parameters = await page.getByTestId('layer-1-parameters').textContent();
    await filters.fill('0');
    await page.getByText('Layer 1: Filters must be at least 1').waitFor();
    expect(await page.getByTestId('start-training').isDisabled()).toBe(true);
    await filters.fill('8');
    await expect.poll(() => page.getByTestId('layer-1-label').textContent()).toContain('8');
    // The label follows the typed value at once; the count comes with the model's new summary.
    await expect
      .poll(() => page.getByTestId('layer-1-parameters').textContent())
      .not.toBe(parameters);
    expect(await page.getByTestId('start-training').isEnabled()).toBe(true);

    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('nav-train').click();
    await expect.poll(() => page.getByTestId('config-epochs').inputValue()).toBe('7');
    await page.reload();
    await expect.poll(() => page.getByTestId('config-epochs').inputValue()).toBe('7');
    expect(await page.getByTestId('layer-1-filters').inputValue()).toBe('8');

    await page.getByTestId('language').selectOption('zh');
    await page.getByTestId('config-epochs').fill('');
    await expect.poll(() => page.getByTestId('issue-epochs').textContent()).toBe('轮数为必填项');
    await page.getByTestId('config-epochs').fill('7');
    await page.getByTestId('language').selectOption('en');
  });

  it('shows live status and real test accuracy, and the place survives a reload', async () => {
    await goTo('#/train/1');
    // The Train area has its own dataset picker.
    await page.getByTestId('dataset-picker').selectOption({ label: 'shapes' });
    await expect.poll(() => page.url()).toContain('#/train/2/1');
    const runOne = page.getByTestId('run-item').filter({ hasText: 'Run 1' });
    await expect
      .poll(() => runOne.getByTestId('run-test').textContent())
      .toMatch(/^test \d+\.\d%$/);

    await trainFromScratch(page);
    await page.getByTestId('config-epochs').fill('10000');
    await page.getByTestId('start-training').click();
    const runTwo = page.getByTestId('run-item').filter({ hasText: 'Run 2' });
    // The list follows the run's state as it changes, not only when it ends.
    await expect
      .poll(() => runTwo.getByTestId('run-status').textContent(), { timeout: 120_000 })
      .toBe('Training');
    // A running run shows its own settings, read-only.
    await page.getByTestId('run-settings').waitFor();
    expect(await page.getByTestId('run-recipe').textContent()).toContain('10000');
    await page.getByTestId('stop').click();
    await expect
      .poll(() => runTwo.getByTestId('run-status').textContent(), { timeout: 60_000 })
      .toBe('Stopped');
    // Once it ends, the draft it was started from is editable again, and Start with it.
    await expect.poll(() => page.getByTestId('config-epochs').inputValue()).toBe('10000');
    await expect.poll(() => page.getByTestId('start-training').isEnabled()).toBe(true);
    // A finished run picked from the list shows its own settings, and they can be used again.
    await runOne.click();
    await expect
      .poll(() => page.getByTestId('run-recipe').locator('dd').first().textContent())
      .toBe('1');
    expect(await page.getByTestId('start-training').isDisabled()).toBe(true);
    await page.getByTestId('use-settings').click();
    await expect.poll(() => page.getByTestId('config-epochs').inputValue()).toBe('1');

    // Evaluate: each run with its real figure and status; the last completed one is chosen.
    await page.getByTestId('nav-evaluate').click();
    const picker = page.getByTestId('eval-run');
    await expect.poll(() => picker.inputValue()).toBe('1');
    const options = await picker.locator('option').allTextContents();
    expect(options[0]).toMatch(/^Run 2 · .* · stopped early$/);
    expect(options[1]).toMatch(/^Run 1 · .* · test \d+\.\d% · completed$/);
    expect(options.join(' ')).not.toContain(' 0% ');
    await expect.poll(() => page.url()).toContain('#/evaluate/2/1');

    await picker.selectOption('2');
    await expect.poll(() => page.url()).toContain('#/evaluate/2/2');
    await page.reload();
    await expect.poll(() => page.getByTestId('eval-run').inputValue()).toBe('2');
    expect(await page.getByTestId('dataset-picker').inputValue()).toBe('2');
    expect(await page.getByTestId('nav-evaluate').getAttribute('aria-current')).toBe('page');
  }, 300_000);
});
