import type { BackboneMaps } from '../../../app/engine/common/backbone-maps.js';
import { toErrorInfo } from '../../../app/base/common/errors.js';
import type { RgbaImage } from '../../../app/teach/common/image.js';
import { encodePng } from './png-bytes.js';
import type { BackboneMapsOf } from './seams.js';

/**
 * Learn's pretrained-network section: the maps of the image last sent, whether a request is under
 * way, and why the last one failed. A new lab image leaves the old maps shown until asked again.
 */
export class PretrainedMapsState {
  #maps = $state.raw<BackboneMaps | null>(null);
  #shownFor = $state.raw<RgbaImage | null>(null);
  #isWorking = $state(false);
  #error = $state<string | null>(null);

  get maps(): BackboneMaps | null {
    return this.#maps;
  }
  /** The image the maps were made from. */
  get shownFor(): RgbaImage | null {
    return this.#shownFor;
  }
  get isWorking(): boolean {
    return this.#isWorking;
  }
  get error(): string | null {
    return this.#error;
  }

  async show(image: RgbaImage, backboneMaps: BackboneMapsOf): Promise<void> {
    this.#isWorking = true;
    this.#error = null;
    try {
      this.#maps = await backboneMaps(await encodePng(image));
      this.#shownFor = image;
    } catch (error) {
      this.#error = toErrorInfo(error).message;
    } finally {
      this.#isWorking = false;
    }
  }
}
