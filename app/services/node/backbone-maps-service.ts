/**
 * The Learn area's look inside a pretrained network: a person's photo through the bundled
 * MobileNetV2, a few feature maps of a few of its layers (engine task `backboneMaps`).
 */
import { FoveaError } from '../../base/common/errors.js';
import type { BackboneMaps } from '../../engine/common/backbone-maps.js';
import { hierarchyChannels, hierarchyLayers } from '../../engine/common/backbone-maps.js';
import type { BackboneId } from '../../engine/common/backbones.js';
import type { EngineHost } from '../../engine/common/engine-host.js';

export interface BackboneMapsDependencies {
  readonly host: () => EngineHost;
  /** The folder of a bundled backbone; the maps are refused without it. */
  readonly backboneDir?: ((id: BackboneId) => string) | undefined;
}

export class BackboneMapsService {
  constructor(private readonly deps: BackboneMapsDependencies) {}

  /** `image`: the bytes of an image file (the Learn area sends its photo as PNG). */
  async maps(image: Uint8Array): Promise<BackboneMaps> {
    if (this.deps.backboneDir === undefined)
      throw new FoveaError(
        'unsupported',
        'The bundled MobileNetV2 is not available here, so its feature maps cannot be shown.',
      );
    return this.deps.host().runModelTask({
      op: 'backboneMaps',
      backbone: this.deps.backboneDir('mobilenet-v2'),
      layers: hierarchyLayers,
      image: image.slice().buffer,
      channels: hierarchyChannels,
    });
  }
}
