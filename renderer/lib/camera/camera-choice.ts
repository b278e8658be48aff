/** The part of the Web Storage API the camera choice needs (tests pass a Map-backed one). */
export type ChoiceStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const storageKey = 'fovea.camera';

/**
 * The camera a person chose, remembered across reloads in localStorage by its deviceId (stable
 * per origin in Chromium and Electron). Storage that is missing or full is treated as empty.
 */
export class CameraChoice {
  readonly #store: ChoiceStore | null;

  constructor(store: ChoiceStore | null = globalThis.localStorage ?? null) {
    this.#store = store;
  }

  load(): string | null {
    try {
      return this.#store?.getItem(storageKey) || null;
    } catch {
      return null;
    }
  }

  save(deviceId: string | null): void {
    try {
      if (deviceId) this.#store?.setItem(storageKey, deviceId);
      else this.#store?.removeItem(storageKey);
    } catch {
      // A full or blocked storage only loses the remembered choice.
    }
  }
}
