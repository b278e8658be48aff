import { describe, expect, it, vi } from 'vitest';
import { createClient } from '../../app/ipc/common/client.js';
import type { Handlers } from '../../app/ipc/common/contract.js';
import { methodNames } from '../../app/ipc/common/contract.js';
import { dispatch } from '../../app/ipc/common/envelope.js';
import { FoveaError } from '../../app/base/common/errors.js';
import { EventHub } from '../../app/ipc/common/event-hub.js';

function fakeHandlers(
  overrides: Partial<Record<keyof Handlers, (...args: never[]) => unknown>> = {},
): Handlers {
  const handlers: Record<string, unknown> = {};
  for (const name of methodNames) handlers[name] = vi.fn(() => null);
  return { ...handlers, ...overrides } as unknown as Handlers;
}

describe('dispatch', () => {
  it('runs a valid call and wraps the value', async () => {
    const create = vi.fn((name: string) => ({ id: 1, name }));
    const result = await dispatch(fakeHandlers({ 'datasets.create': create }), 'datasets.create', [
      'pets',
    ]);
    expect(result).toEqual({ ok: true, value: { id: 1, name: 'pets' } });
    expect(create).toHaveBeenCalledWith('pets');
  });

  it('refuses unknown methods and malformed arguments without running anything', async () => {
    const handlers = fakeHandlers();
    expect(await dispatch(handlers, 'datasets.nuke', [])).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    expect(await dispatch(handlers, '__proto__', [])).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    const wrongType = await dispatch(handlers, 'datasets.rename', ['1', 'x']);
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await dispatch(handlers, 'datasets.rename', [1])).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    expect(await dispatch(handlers, 'datasets.list', 'x')).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    expect(await dispatch(handlers, 'datasets.delete', [-3])).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    expect(handlers['datasets.rename']).not.toHaveBeenCalled();
    expect(handlers['datasets.delete']).not.toHaveBeenCalled();
  });

  it('turns thrown errors into coded envelopes', async () => {
    const handlers = fakeHandlers({
      'datasets.get': () => {
        throw new FoveaError('not_found', 'gone');
      },
      'datasets.list': () => {
        throw new Error('boom');
      },
    });
    expect(await dispatch(handlers, 'datasets.get', [5])).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'gone' },
    });
    expect(await dispatch(handlers, 'datasets.list', [])).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });
});

describe('createClient over an in-memory transport', () => {
  it('exposes every contract method, rethrows errors as FoveaError, and delivers events until unsubscribed', async () => {
    const hub = new EventHub();
    const handlers = fakeHandlers({
      'datasets.list': () => [],
      'datasets.get': () => {
        throw new FoveaError('not_found', 'no such dataset');
      },
    });
    const client = createClient({
      call: (method, args) => dispatch(handlers, method, args),
      subscribe: (event, listener) =>
        hub.listen((name, payload) => {
          if ((name as string) === event) (listener as (value: unknown) => void)(payload);
        }),
    });
    for (const name of methodNames) {
      const [area = '', verb = ''] = name.split('.');
      expect(
        typeof (client as unknown as Record<string, Record<string, unknown>>)[area]?.[verb],
      ).toBe('function');
    }
    expect(await client.datasets.list()).toEqual([]);
    await expect(client.datasets.get(3)).rejects.toMatchObject({
      code: 'not_found',
      message: 'no such dataset',
    });

    const seen: unknown[] = [];
    const stop = client.on('library.changed', (payload) => seen.push(payload));
    hub.emit('library.changed', { datasetId: 1 });
    stop();
    hub.emit('library.changed', { datasetId: 2 });
    expect(seen).toEqual([{ datasetId: 1 }]);
    expect(hub.listenerCount).toBe(0);
  });
});
