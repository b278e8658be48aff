import { readdirSync, readFileSync } from 'node:fs';

/** The ids of a process's children (Linux: read from /proc), e.g. the engine a CLI forked. */
export function childProcessIds(parentId: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // Gone between the listing and the read.
    }
    // "pid (command) state ppid …": the command may hold spaces and parentheses.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === parentId) children.push(Number(entry));
  }
  return children;
}
