import { describe, expect, it } from 'vitest';
import { planeFromRows } from '../../app/teach/common/image.js';
import { edgeCornerHierarchy } from '../../app/teach/common/hierarchy.js';

/** A bright square on black: four straight edges and four corners. */
function square(): ReturnType<typeof planeFromRows> {
  return planeFromRows(
    Array.from({ length: 40 }, (_, y) =>
      Array.from({ length: 40 }, (_, x) => (x >= 10 && x < 30 && y >= 10 && y < 30 ? 255 : 0)),
    ),
  );
}

describe('edges, then corners', () => {
  it('finds straight edges in layer 1 and fires in layer 2 only near the corners', () => {
    const { edges, corners, bias } = edgeCornerHierarchy(square());
    expect(bias).toBe(-1);
    const [vertical] = edges;
    // Layer 1 (19×19 after the 3×3 conv and 2×2 pooling): the left edge lights mid-height.
    expect(vertical.width).toBe(19);
    expect(vertical.data[9 * 19 + 4]).toBeGreaterThan(0);
    const firing: { x: number; y: number }[] = [];
    corners.data.forEach((value, i) => {
      if (value > 0) firing.push({ x: i % corners.width, y: Math.floor(i / corners.width) });
    });
    expect(firing.length).toBeGreaterThan(0);
    const cornerCells = [
      { x: 4, y: 4 },
      { x: 14, y: 4 },
      { x: 4, y: 14 },
      { x: 14, y: 14 },
    ];
    // Every firing cell is near a corner (layer 2 maps are 17×17; corners sit at about 4 and 14).
    for (const cell of firing)
      expect(
        Math.min(
          ...cornerCells.map((c) => Math.max(Math.abs(c.x - cell.x), Math.abs(c.y - cell.y))),
        ),
      ).toBeLessThanOrEqual(2);
    // The middle of a straight edge stays silent.
    expect(corners.data[9 * corners.width + 4]).toBe(0);
  });
});
