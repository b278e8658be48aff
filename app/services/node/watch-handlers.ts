import type { Handlers } from '../../ipc/common/contract.js';
import type { ProbeSource, WatchService } from './watch-service.js';

type WatchMethods =
  'watch.snapshots' | 'watch.snapshot' | 'watch.probe' | 'watch.setProbe' | 'watch.probeModel';

type ProbeArgument = { imageId: number } | { pixels: Uint8Array | ArrayBuffer };

function toSource(source: ProbeArgument): ProbeSource {
  if ('imageId' in source) return { imageId: source.imageId };
  const { pixels } = source;
  return { pixels: pixels instanceof Uint8Array ? pixels : new Uint8Array(pixels) };
}

export function watchHandlers({
  watch,
}: {
  readonly watch: WatchService;
}): Pick<Handlers, WatchMethods> {
  return {
    'watch.snapshots': (runId) => watch.list(runId),
    'watch.snapshot': (runId, seq) => watch.get(runId, seq),
    'watch.probe': (runId) => watch.probe(runId),
    'watch.setProbe': (runId, source) => watch.setProbe(runId, toSource(source)),
    'watch.probeModel': (runId, source) => watch.probeModel(runId, toSource(source)),
  };
}
