import { describe, expect, it } from 'vitest';
import { describeFit, fitPlacement, fits, isFit } from '../../app/images/common/fit.js';

describe('fitPlacement', () => {
  it('squash maps the whole photo onto the whole square', () => {
    expect(fitPlacement(640, 480, 64, 'squash')).toEqual({
      source: { x: 0, y: 0, width: 640, height: 480 },
      target: { x: 0, y: 0, width: 64, height: 64 },
      side: 64,
    });
  });

  it('crop takes the largest centred square of a landscape and a portrait photo', () => {
    expect(fitPlacement(640, 480, 64, 'crop').source).toEqual({
      x: 80,
      y: 0,
      width: 480,
      height: 480,
    });
    expect(fitPlacement(300, 501, 64, 'crop').source).toEqual({
      x: 0,
      y: 100,
      width: 300,
      height: 300,
    });
    expect(fitPlacement(300, 501, 64, 'crop').target).toEqual({
      x: 0,
      y: 0,
      width: 64,
      height: 64,
    });
  });

  it('pad keeps the aspect ratio and centres the photo, leaving bars', () => {
    const landscape = fitPlacement(640, 480, 64, 'pad');
    expect(landscape.source).toEqual({ x: 0, y: 0, width: 640, height: 480 });
    expect(landscape.target).toEqual({ x: 0, y: 8, width: 64, height: 48 });
    const portrait = fitPlacement(375, 500, 224, 'pad');
    expect(portrait.target).toEqual({ x: 28, y: 0, width: 168, height: 224 });
  });

  it('every fit of a square photo is the same placement', () => {
    const [squash, crop, pad] = fits.map((fit) => fitPlacement(100, 100, 32, fit));
    expect(crop).toEqual(squash);
    expect(pad).toEqual(squash);
  });

  it('pad keeps a very thin strip at least one pixel thick', () => {
    expect(fitPlacement(1000, 2, 64, 'pad').target).toEqual({ x: 0, y: 31, width: 64, height: 1 });
  });

  it('refuses sizes that are not whole positive numbers', () => {
    expect(() => fitPlacement(0, 10, 64, 'crop')).toThrow(/width/);
    expect(() => fitPlacement(10, 10, 1.5, 'crop')).toThrow(/side/);
  });

  it('tells fits apart from other values and describes each', () => {
    expect(fits.every(isFit)).toBe(true);
    expect(isFit('fill')).toBe(false);
    expect(isFit(undefined)).toBe(false);
    expect(describeFit('crop', 64)).toMatch(/centred square.*64×64/);
    expect(describeFit('pad', 224)).toMatch(/black/);
  });
});
