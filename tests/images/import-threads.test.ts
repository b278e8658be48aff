/** How many images an import keeps in flight, and how many libvips threads each sharp call gets. */
import { describe, expect, it } from 'vitest';
import {
  defaultThreadPoolSize,
  importConcurrency,
  sharpThreadsPerCall,
  threadPoolSize,
} from '../../app/images/node/import-threads.js';

describe('importConcurrency', () => {
  it('keeps four images in flight per core, at least four and at most sixteen', () => {
    expect(importConcurrency(1)).toBe(4);
    expect(importConcurrency(2)).toBe(8);
    expect(importConcurrency(3)).toBe(12);
    expect(importConcurrency(64)).toBe(16);
  });
});

describe('threadPoolSize', () => {
  it("reads UV_THREADPOOL_SIZE as libuv does, else libuv's default", () => {
    expect(threadPoolSize({})).toBe(defaultThreadPoolSize);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: '16' })).toBe(16);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: 'many' })).toBe(4);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: '0' })).toBe(4);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: '5000' })).toBe(1024);
  });
});

describe('sharpThreadsPerCall', () => {
  it('gives each call one thread while the pool has a thread per core', () => {
    expect(sharpThreadsPerCall(2, 4)).toBe(1);
    expect(sharpThreadsPerCall(4, 4)).toBe(1);
    expect(sharpThreadsPerCall(16, 16)).toBe(1);
  });

  it('gives each call more where the cores outnumber the pool, so every core has work', () => {
    expect(sharpThreadsPerCall(8, 4)).toBe(2);
    expect(sharpThreadsPerCall(12, 4)).toBe(3);
    expect(sharpThreadsPerCall(6, 4)).toBe(2);
  });
});
