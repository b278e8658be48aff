import type { Handlers } from '../../ipc/common/contract.js';
import type { WatchService } from './watch-service.js';

type WatchMethods = 'watch.snapshots' | 'watch.snapshot' | 'watch.probe' | 'watch.setProbe';

export function watchHandlers(watch: WatchService): Pick<Handlers, WatchMethods> {
  return {
    'watch.snapshots': (runId) => watch.list(runId),
    'watch.snapshot': (runId, seq) => watch.get(runId, seq),
    'watch.probe': (runId) => watch.probe(runId),
    'watch.setProbe': (runId, source) =>
      watch.setProbe(
        runId,
        'imageId' in source
          ? { imageId: source.imageId }
          : {
              pixels:
                source.pixels instanceof Uint8Array ? source.pixels : new Uint8Array(source.pixels),
            },
      ),
  };
}
