// `node scripts/import-graph.js [--dot | --json]`: the graph of imports between the areas of app/,
// as text (default), Graphviz DOT (`… --dot | dot -Tsvg > areas.svg`) or JSON (for the tests).
// Text and DOT exit with 1 when an import goes against the area order or the graph has a cycle.
import { fileURLToPath } from 'node:url';
import { againstOrder, areaOrder, findCycle, readAreaImports } from './area-order.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const imports = readAreaImports(root);
const wrong = againstOrder(imports);
const cycle = findCycle(imports);

/** Import counts per area pair, in the area order. */
function edges() {
  const counts = new Map();
  for (const { from, to } of imports) {
    const key = `${from} ${to}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rank = (area) => (areaOrder.includes(area) ? areaOrder.indexOf(area) : areaOrder.length);
  return [...counts]
    .map(([key, count]) => {
      const [from, to] = key.split(' ');
      return { from, to, count };
    })
    .sort((a, b) => rank(b.from) - rank(a.from) || rank(b.to) - rank(a.to));
}

function printText() {
  console.log(`Area order: ${areaOrder.join(' → ')}\n`);
  for (const { from, to, count } of edges()) console.log(`${from} → ${to} (${count})`);
  console.log('');
  for (const { file, specifier, from, to } of wrong) {
    console.log(`Against the order: ${file} imports ${specifier} (${from} → ${to})`);
  }
  console.log(cycle ? `Cycle: ${cycle.join(' → ')}` : 'No cycle.');
}

function printDot() {
  const isWrong = (from, to) => wrong.some((edge) => edge.from === from && edge.to === to);
  console.log('digraph areas {\n  rankdir=BT;');
  for (const { from, to, count } of edges()) {
    const style = isWrong(from, to) ? ', color=red, fontcolor=red' : '';
    console.log(`  "${from}" -> "${to}" [label="${count}"${style}];`);
  }
  console.log('}');
}

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ order: areaOrder, imports }, null, 2));
} else {
  if (process.argv.includes('--dot')) printDot();
  else printText();
  if (wrong.length > 0 || cycle) process.exitCode = 1;
}
