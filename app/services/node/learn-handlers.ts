import type { Handlers } from '../../ipc/common/contract.js';
import type { BackboneMapsService } from './backbone-maps-service.js';

export function learnHandlers({
  backboneMaps,
}: {
  readonly backboneMaps: BackboneMapsService;
}): Pick<Handlers, 'learn.backboneMaps'> {
  return {
    'learn.backboneMaps': (image) =>
      backboneMaps.maps(image instanceof Uint8Array ? image : new Uint8Array(image)),
  };
}
