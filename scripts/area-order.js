// The order of the areas under app/: an area may import only the areas before it (and itself).
// Shared basics sit first so that no two areas need each other; eslint.config.js turns the order
// into import rules, scripts/import-graph.js draws the graph that the code actually has.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export const areaOrder = [
  'base',
  'teach',
  'images',
  'engine',
  'library',
  'ipc',
  'services',
  'server',
  'cli',
];

/** The areas that `area` must not import: every later area, and the layers on top of app/. */
export function areasAfter(area) {
  const index = areaOrder.indexOf(area);
  if (index < 0) throw new Error(`Unknown area "${area}"; the order is ${areaOrder.join(', ')}.`);
  return [...areaOrder.slice(index + 1), 'main', 'renderer'];
}

function sourceFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|svelte)$/.test(entry.name) ? [path] : [];
  });
}

/** The top folder of a path inside the repository: app/<area>/… gives the area. */
function areaOf(root, path) {
  const parts = relative(root, path).split(sep);
  return parts[0] === 'app' ? parts[1] : parts[0];
}

/**
 * Every import under app/ that crosses from one area to another, as
 * `{ from, to, file, specifier }` (file relative to root). Packages and Node modules are left out.
 */
export function readAreaImports(root) {
  const app = resolve(root, 'app');
  return sourceFiles(app).flatMap((file) => {
    const from = areaOf(root, file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    return importedFiles
      .map(({ fileName }) => fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => ({
        from,
        to: areaOf(root, resolve(dirname(file), specifier)),
        file: relative(root, file).split(sep).join('/'),
        specifier,
      }))
      .filter((edge) => edge.to !== edge.from);
  });
}

/** Imports that go against the order: into a later area, or out of app/. */
export function againstOrder(imports) {
  return imports.filter(
    (edge) => areasAfter(edge.from).includes(edge.to) || !areaOrder.includes(edge.to),
  );
}

/** One cycle in the area graph as a list of areas (first = last), or undefined when there is none. */
export function findCycle(imports) {
  const next = new Map();
  for (const { from, to } of imports) next.set(from, new Set([...(next.get(from) ?? []), to]));
  const done = new Set();
  const visit = (area, path) => {
    if (path.includes(area)) return [...path.slice(path.indexOf(area)), area];
    if (done.has(area)) return undefined;
    for (const target of next.get(area) ?? []) {
      const cycle = visit(target, [...path, area]);
      if (cycle) return cycle;
    }
    done.add(area);
    return undefined;
  };
  for (const area of next.keys()) {
    const cycle = visit(area, []);
    if (cycle) return cycle;
  }
  return undefined;
}
