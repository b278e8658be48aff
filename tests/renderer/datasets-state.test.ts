import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../app/ipc/common/client.js';
import { dispatch } from '../../app/ipc/common/envelope.js';
import { EventHub } from '../../app/ipc/common/event-hub.js';
import type { Services } from '../../app/services/node/services.js';
import { openServices } from '../../app/services/node/services.js';
import { DatasetsState } from '../../renderer/lib/state/datasets.svelte.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();

describe('DatasetsState', () => {
  let services: Services;
  let state: DatasetsState;

  beforeEach(async () => {
    services = await openServices({
      libraryDir: temporaryFolder('fovea-state-'),
      mode: 'web',
      version: 'test',
    });
    const hub = new EventHub();
    const client = createClient({
      call: (method, args) => dispatch(services.handlers, method, args),
      subscribe: (_event, _listener) => hub.listen(() => undefined),
    });
    state = new DatasetsState(client);
  });
  afterEach(async () => {
    await services.close();
  });

  it('loads, creates and selects the new dataset', async () => {
    await state.load();
    expect(state.isLoaded).toBe(true);
    expect(state.datasets).toEqual([]);
    expect(await state.create('pets')).toBe(true);
    expect(state.selected?.name).toBe('pets');
    expect(await state.createClass(state.selected?.id ?? 0, 'cat')).toBe(true);
    expect(state.selected?.classes.map((c) => c.name)).toEqual(['cat']);
  });

  it('keeps the error of a failed change and clears it on the next success', async () => {
    await state.create('pets');
    expect(await state.create('pets')).toBe(false);
    expect(state.errors.message).toMatch(/already exists/);
    expect(state.datasets).toHaveLength(1);
    expect(await state.create('birds')).toBe(true);
    expect(state.errors.message).toBeNull();
  });

  it('moves the selection away from a deleted dataset', async () => {
    await state.create('a');
    await state.create('b');
    const b = state.selected;
    expect(b?.name).toBe('b');
    await state.delete(b?.id ?? 0);
    expect(state.selected?.name).toBe('a');
    state.reset();
    expect(state.datasets).toEqual([]);
  });
});
