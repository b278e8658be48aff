import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame } from '../../app/ipc/common/wire.js';
import type { ServeHandle } from './harness.js';
import { hasChromium, launchBrowser, openApp, removeLibrary, startServe } from './harness.js';

describe.skipIf(!hasChromium)('Datasets area in web mode', () => {
  let browser: Browser;
  let serve: ServeHandle;

  beforeAll(async () => {
    browser = await launchBrowser();
    serve = await startServe();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) await removeLibrary(serve.libraryDir);
  });

  it('creates a dataset with two classes that survive a reload and a restart', async () => {
    const page = await openApp(browser, serve);
    await page.getByTestId('no-datasets').waitFor();
    await page.getByTestId('create-dataset').getByRole('textbox').fill('Pets');
    await page.getByTestId('create-dataset').getByRole('button').click();
    await expect.poll(() => page.getByTestId('dataset-title').textContent()).toBe('Pets');
    // A long name is cut in the list, so the whole of it is the item's tooltip.
    expect(
      await page.getByTestId('dataset-item').first().locator('.name').getAttribute('title'),
    ).toBe('Pets');

    // Typed one after the other without waiting: the second name is entered while the first is
    // still being saved, and neither is lost.
    for (const name of ['cat', 'dog']) {
      await page.getByTestId('add-class').getByRole('textbox').fill(name);
      await page.getByTestId('add-class').getByRole('textbox').press('Enter');
    }
    await expect
      .poll(() => page.getByTestId('class-name').allTextContents())
      .toEqual(['cat', 'dog']);
    expect(await page.getByTestId('add-class').getByRole('textbox').inputValue()).toBe('');

    await page.reload();
    await expect
      .poll(() => page.getByTestId('class-name').allTextContents())
      .toEqual(['cat', 'dog']);

    // Closed first: a page left open would log its lost connection while the server restarts.
    await page.close();
    await serve.stop();
    serve = await startServe(serve.libraryDir);
    const again = await openApp(browser, serve);
    await expect
      .poll(() => again.getByTestId('class-name').allTextContents())
      .toEqual(['cat', 'dog']);
    await expect.poll(() => again.getByTestId('dataset-title').textContent()).toBe('Pets');
  });

  it('renames and deletes, and shows a clear error for a duplicate name', async () => {
    const page = await openApp(browser, serve);
    await page.getByTestId('create-dataset').getByRole('textbox').fill('pets');
    await page.getByTestId('create-dataset').getByRole('button').click();
    await expect.poll(() => page.getByTestId('error').textContent()).toContain('already exists');

    await page.getByRole('button', { name: 'Rename' }).first().click();
    await page.getByTestId('rename-dataset').getByRole('textbox').fill('Animals');
    await page.getByTestId('rename-dataset').getByRole('textbox').press('Enter');
    await expect.poll(() => page.getByTestId('dataset-title').textContent()).toBe('Animals');

    await page
      .getByTestId('class-item')
      .filter({ hasText: 'dog' })
      .getByRole('button', { name: 'Rename' })
      .click();
    await page.getByTestId('rename-class').getByRole('textbox').fill('puppy');
    await page.getByTestId('rename-class').getByRole('textbox').press('Enter');
    await expect
      .poll(() => page.getByTestId('class-name').allTextContents())
      .toEqual(['cat', 'puppy']);

    await page
      .getByTestId('class-item')
      .filter({ hasText: 'cat' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByTestId('confirm').click();
    await expect.poll(() => page.getByTestId('class-name').allTextContents()).toEqual(['puppy']);

    await page
      .getByTestId('dataset-detail')
      .getByRole('button', { name: 'Delete' })
      .first()
      .click();
    await page.getByTestId('confirm').click();
    await page.getByTestId('no-datasets').waitFor();
  });

  it('refuses a malformed request and changes nothing', async () => {
    const ws = new WebSocket(`${serve.origin.replace('http', 'ws')}/ws?token=${serve.token}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const replies: unknown[] = [];
    ws.on('message', (data: Buffer) => replies.push(decodeFrame(new Uint8Array(data))));
    ws.send(encodeFrame({ id: 1, method: 'datasets.create', args: [42] }));
    ws.send(encodeFrame({ id: 2, method: 'datasets.drop', args: [] }));
    ws.send(Buffer.from('not a frame'));
    ws.send(encodeFrame({ id: 3, method: 'datasets.list', args: [] }));
    await expect.poll(() => replies.length).toBe(4);
    ws.close();
    const byId = (id: number | null) =>
      replies.find((r) => (r as { id: unknown }).id === id) as { result: unknown };
    expect(byId(1).result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(byId(2).result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(byId(null).result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(byId(3).result).toEqual({ ok: true, value: [] });
  });
});
