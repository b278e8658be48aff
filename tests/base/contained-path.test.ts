import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FoveaError } from '../../app/base/common/errors.js';
import { containedPath, isContained } from '../../app/base/node/contained-path.js';

const root = resolve('/srv/library');

describe('containedPath', () => {
  it('joins names inside the root', () => {
    expect(containedPath(root, 'exports', 'run-1.tar')).toBe(join(root, 'exports', 'run-1.tar'));
    expect(containedPath(root, 'a/../b')).toBe(join(root, 'b'));
    expect(containedPath(root)).toBe(root);
  });

  it('accepts a name that only starts with two dots', () => {
    expect(containedPath(root, '..cache')).toBe(join(root, '..cache'));
  });

  it.each([[['..']], [['../other']], [['a', '..', '..', 'etc']], [['/etc/passwd']], [['a\0b']]])(
    'refuses %j with forbidden',
    (parts) => {
      expect(() => containedPath(root, ...parts)).toThrow(
        expect.objectContaining({ code: 'forbidden' }),
      );
      expect(() => containedPath(root, ...parts)).toThrow(FoveaError);
    },
  );
});

describe('isContained', () => {
  it('says whether the joined path stays inside the root', () => {
    expect(isContained(root, 'thumbnails', '1.webp')).toBe(true);
    expect(isContained(root, '../library-2/x')).toBe(false);
    expect(isContained(`${root}/`, 'x')).toBe(true);
  });
});
