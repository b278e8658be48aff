import type { Handlers } from '../../ipc/common/contract.js';
import type { BackbonesService } from './backbones-service.js';

type BackboneMethods = 'backbones.list' | 'backbones.download' | 'backbones.cancel';

export function backbonesHandlers({
  backbones,
}: {
  readonly backbones: BackbonesService;
}): Pick<Handlers, BackboneMethods> {
  return {
    'backbones.list': () => backbones.list(),
    'backbones.download': (id) => backbones.download(id),
    'backbones.cancel': (id) => {
      backbones.cancel(id);
      return null;
    },
  };
}
