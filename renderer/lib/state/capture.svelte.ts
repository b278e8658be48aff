import type { DroppedFile } from '../dropped-files.js';
import type { FrameType } from '../camera/frames.js';
import { frameExtension } from '../camera/frames.js';

/**
 * Photos from the camera into a class: Idle → Capturing → Idle (imported), or → Interrupted when
 * the camera stopped mid-burst. A burst is ONE import at its end, so an unplugged camera never
 * leaves half a burst in the dataset: the photos taken so far wait in memory until the person
 * keeps them (one import) or discards them (nothing imported).
 */
export type CapturePhase = 'idle' | 'capturing' | 'interrupted';

export interface CaptureDeps {
  /** The frame on screen now, as a file's bytes. */
  readonly grab: () => Promise<Blob>;
  /** Imports the photos into the class (one import). */
  readonly save: (files: DroppedFile[]) => Promise<void>;
  /** Waits `ms` (tests pass one that returns at once). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Names the files; tests pass a fixed one. */
  readonly now?: () => Date;
}

export const maxBurst = 200;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class CaptureState {
  readonly #deps: CaptureDeps;
  #phase = $state<CapturePhase>('idle');
  #taken = $state(0);
  #total = $state(0);
  #frames: Blob[] = [];
  #isInterrupted = false;
  #isCancelled = false;
  /** Photos in a burst, 1..maxBurst. */
  count = $state(10);
  /** Seconds between two photos of a burst. */
  interval = $state(0.5);
  type = $state<FrameType>('image/jpeg');

  constructor(deps: CaptureDeps) {
    this.#deps = deps;
  }

  get phase(): CapturePhase {
    return this.#phase;
  }
  /** Photos taken so far in this burst, and how many it takes. */
  get taken(): number {
    return this.#taken;
  }
  get total(): number {
    return this.#total;
  }

  /** One photo, imported at once. */
  async captureOne(): Promise<void> {
    await this.#capture(1, 0);
  }

  /** `count` photos `interval` seconds apart, imported together at the end. */
  async captureBurst(): Promise<void> {
    const count = Math.min(maxBurst, Math.max(1, Math.round(this.count)));
    await this.#capture(count, Math.max(0, this.interval) * 1000);
  }

  /** The camera stopped sending: the burst ends and asks what to do with its photos. */
  interrupt(): void {
    if (this.#phase === 'capturing') this.#isInterrupted = true;
  }

  /** Stops a burst and drops its photos: nothing is imported. */
  cancel(): void {
    if (this.#phase === 'capturing') this.#isCancelled = true;
    else this.discard();
  }

  /** After an interruption: imports the photos taken before it. */
  async keep(): Promise<void> {
    if (this.#phase !== 'interrupted') return;
    await this.#save();
  }

  /** After an interruption: forgets its photos. */
  discard(): void {
    this.#frames = [];
    this.#taken = 0;
    this.#total = 0;
    this.#phase = 'idle';
  }

  async #capture(count: number, intervalMs: number): Promise<void> {
    if (this.#phase !== 'idle') return;
    this.#phase = 'capturing';
    this.#frames = [];
    this.#taken = 0;
    this.#total = count;
    this.#isInterrupted = false;
    this.#isCancelled = false;
    const sleep = this.#deps.sleep ?? realSleep;
    try {
      for (let index = 0; index < count; index += 1) {
        if (index > 0 && intervalMs > 0) await sleep(intervalMs);
        if (this.#isInterrupted || this.#isCancelled) break;
        this.#frames.push(await this.#deps.grab());
        this.#taken = this.#frames.length;
      }
    } catch (error) {
      // A grab that fails because the camera just went away is the interruption, not a bug.
      if (!this.#isInterrupted) {
        this.discard();
        throw error;
      }
    }
    if (this.#isCancelled) this.discard();
    else if (this.#isInterrupted) this.#phase = this.#frames.length > 0 ? 'interrupted' : 'idle';
    else await this.#save();
  }

  async #save(): Promise<void> {
    const frames = this.#frames;
    const stamp = (this.#deps.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
    const extension = frameExtension(this.type);
    const files = frames.map((blob, index) => {
      const name = `camera-${stamp}-${String(index + 1).padStart(3, '0')}.${extension}`;
      return { path: name, file: new File([blob], name, { type: blob.type || this.type }) };
    });
    this.discard();
    await this.#deps.save(files);
  }
}
