/**
 * SVG drawings of cartoon cat and dog faces for the built-in sample dataset. What tells the
 * classes apart is the anatomy a CNN can learn at 64×64: cats have pointed triangular ears on top,
 * slit pupils and whiskers; dogs have floppy ears hanging at the sides, a longer, paler muzzle and
 * a big nose. Everything else — fur and background colours, clutter, size, position, rotation —
 * is drawn from the same distributions for both classes, so colour alone predicts nothing.
 */
import type { SeededRandom } from '../../base/common/seeded-random.js';

export type SampleClass = 'cat' | 'dog';
export const sampleClasses: readonly SampleClass[] = ['cat', 'dog'];

const furColours = [
  '#d9822b',
  '#8a8a8a',
  '#2b2b2b',
  '#efe6d8',
  '#7a4a22',
  '#e8c07a',
  '#b5651d',
  '#5c5c66',
];
const eyeColours = ['#6fbf3f', '#e3c21a', '#3f8fd0', '#8b5a2b'];

interface Style {
  readonly fur: string;
  readonly dark: string;
  readonly light: string;
  readonly line: string;
}

function hsl(hue: number, saturation: number, lightness: number): string {
  return `hsl(${hue.toFixed(0)},${saturation.toFixed(0)}%,${lightness.toFixed(0)}%)`;
}

function mix(hex: string, toward: number, amount: number): string {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
  const mixed = channels.map((value) => Math.round(value + (toward - value) * amount));
  return `rgb(${mixed.join(',')})`;
}

function styleFor(random: SeededRandom): Style {
  const fur = random.pick(furColours);
  const isDarkFur = parseInt(fur.slice(1, 3), 16) < 0x60;
  return {
    fur,
    dark: mix(fur, 0, 0.45),
    light: mix(fur, 255, 0.55),
    line: isDarkFur ? '#e8e8e8' : '#1e1e1e',
  };
}

function background(random: SeededRandom, size: number): string {
  const hue = random.range(0, 360);
  const top = hsl(hue, random.range(10, 60), random.range(25, 85));
  const bottom = hsl(hue + random.range(-60, 60), random.range(10, 60), random.range(25, 85));
  const shapes: string[] = [];
  for (let i = random.int(0, 5); i > 0; i--) {
    const colour = hsl(random.range(0, 360), random.range(20, 70), random.range(20, 90));
    const x = random.range(0, size);
    const y = random.range(0, size);
    const extent = random.range(size * 0.05, size * 0.3);
    shapes.push(
      random.next() < 0.5
        ? `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${extent.toFixed(1)}" fill="${colour}" opacity="0.5"/>`
        : `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${extent.toFixed(1)}" height="${(extent * 1.5).toFixed(1)}" fill="${colour}" opacity="0.5"/>`,
    );
  }
  return (
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/>` +
    `<stop offset="1" stop-color="${bottom}"/></linearGradient></defs>` +
    `<rect width="${size}" height="${size}" fill="url(#bg)"/>${shapes.join('')}`
  );
}

/** A cat face in face units (head radius about 30, centred on 0,0). */
function catFace(random: SeededRandom, style: Style): string {
  const earHeight = random.range(44, 56);
  const earSpread = random.range(22, 30);
  const eye = random.pick(eyeColours);
  const ear = (side: number): string =>
    `<polygon points="${side * 29},-8 ${side * 6},-27 ${side * earSpread},-${earHeight.toFixed(1)}" fill="${style.fur}"/>` +
    `<polygon points="${side * 23},-13 ${side * 11},-24 ${side * (earSpread - 2)},-${(earHeight - 9).toFixed(1)}" fill="#f2a7b5"/>`;
  const whiskers = [-6, 0, 6]
    .flatMap((dy) =>
      [-1, 1].map(
        (side) =>
          `<line x1="${side * 8}" y1="${12 + dy / 3}" x2="${side * random.range(38, 48)}" y2="${(10 + dy * 1.6).toFixed(1)}"/>`,
      ),
    )
    .join('');
  return (
    ear(-1) +
    ear(1) +
    `<ellipse rx="30" ry="${random.range(25, 28).toFixed(1)}" fill="${style.fur}"/>` +
    [-1, 1]
      .map(
        (side) =>
          `<ellipse cx="${side * 11}" cy="-4" rx="6.5" ry="4.8" fill="${eye}"/>` +
          `<ellipse cx="${side * 11}" cy="-4" rx="1.4" ry="4.4" fill="#111"/>`,
      )
      .join('') +
    `<polygon points="-3.5,7 3.5,7 0,11" fill="#e58a9a"/>` +
    `<path d="M0,11 Q-3,16 -7,14 M0,11 Q3,16 7,14" stroke="${style.line}" stroke-width="1.2" fill="none"/>` +
    `<g stroke="${style.line}" stroke-width="0.9">${whiskers}</g>`
  );
}

/** A dog face in face units: taller head, hanging ears, long pale muzzle, big nose. */
function dogFace(random: SeededRandom, style: Style): string {
  const earTilt = random.range(8, 28);
  const earLength = random.range(22, 30);
  const muzzleLength = random.range(12, 16);
  const ear = (side: number): string =>
    `<ellipse cx="${side * 27}" cy="4" rx="9.5" ry="${earLength.toFixed(1)}" fill="${style.dark}" ` +
    `transform="rotate(${(side * earTilt).toFixed(1)} ${side * 27} -18)"/>`;
  const tongue =
    random.next() < 0.5
      ? `<ellipse cx="0" cy="${(16 + muzzleLength).toFixed(1)}" rx="5" ry="6" fill="#e0607a"/>`
      : '';
  return (
    `<ellipse rx="26" ry="${random.range(29, 33).toFixed(1)}" fill="${style.fur}"/>` +
    ear(-1) +
    ear(1) +
    tongue +
    `<ellipse cy="${(6 + muzzleLength / 2).toFixed(1)}" rx="14" ry="${muzzleLength.toFixed(1)}" fill="${style.light}"/>` +
    [-1, 1]
      .map(
        (side) =>
          `<circle cx="${side * 11}" cy="-9" r="4.2" fill="#1a1208"/><circle cx="${side * 11 + 1.3}" cy="-10.3" r="1.2" fill="#fff"/>`,
      )
      .join('') +
    `<ellipse cy="4" rx="6.5" ry="4.6" fill="#151515"/>` +
    `<path d="M0,8 L0,${(10 + muzzleLength * 0.8).toFixed(1)}" stroke="#151515" stroke-width="1.3"/>`
  );
}

/** One sample picture as an SVG document of `size`×`size` pixels. */
export function drawSampleFace(className: SampleClass, random: SeededRandom, size: number): string {
  const scene = background(random, size);
  const style = styleFor(random);
  const scale = (size / 100) * random.range(0.85, 1.35);
  const margin = 30 * scale;
  const x = random.range(Math.min(margin, size / 2), Math.max(size - margin, size / 2));
  const y = random.range(Math.min(margin * 1.2, size / 2), Math.max(size - margin, size / 2));
  const angle = random.range(-25, 25);
  const face = className === 'cat' ? catFace(random, style) : dogFace(random, style);
  const transform = `translate(${x.toFixed(1)} ${y.toFixed(1)}) rotate(${angle.toFixed(1)}) scale(${scale.toFixed(3)})`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">` +
    `${scene}<g transform="${transform}">${face}</g></svg>`
  );
}
