/** `fovea backbones list`: the pretrained networks a run can start from, and whether each is here. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { backbones } from '../../engine/common/backbones.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './cli-io.js';

export const backbonesUsage = 'fovea backbones list [--json]';

/** The folder the build writes bundled backbones into. */
export function bundledBackbonesDir(root: string): string {
  return join(root, 'dist', 'backbones');
}

export function runBackbonesCommand(
  rest: readonly string[],
  root: string,
  isJson: boolean,
  io: CliIo,
): void {
  if (rest.length !== 1 || rest[0] !== 'list') throw new UsageError(`Usage: ${backbonesUsage}`);
  for (const backbone of backbones) {
    const folder = join(bundledBackbonesDir(root), backbone.id);
    const isInstalled = existsSync(join(folder, 'model.json'));
    if (isJson) {
      io.out(
        JSON.stringify({
          id: backbone.id,
          name: backbone.name,
          inputSize: backbone.inputSize,
          defaultLayers: backbone.defaultLayers,
          parameters: backbone.parameters,
          licences: backbone.licences.map((notice) => notice.licence),
          folder,
          isInstalled,
        }),
      );
      continue;
    }
    io.out(
      `${backbone.id}: ${backbone.name}, ${backbone.inputSize}×${backbone.inputSize}, ${backbone.parameters.toLocaleString('en')} parameters, ${backbone.licences.map((notice) => notice.licence).join(' + ')}${isInstalled ? '' : ' (not built: run node scripts/build.js)'}`,
    );
    io.out(`  ${backbone.description}`);
  }
}
