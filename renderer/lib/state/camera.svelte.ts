import type { CameraProblem } from '../camera/camera-problems.js';
import { cameraProblemOf } from '../camera/camera-problems.js';
import { CameraChoice } from '../camera/camera-choice.js';

/** The parts of `navigator.mediaDevices` the camera uses (tests pass a fake). */
export type MediaDevicesLike = Pick<
  MediaDevices,
  'getUserMedia' | 'enumerateDevices' | 'addEventListener' | 'removeEventListener'
>;

export interface CameraDevice {
  readonly deviceId: string;
  /** Empty until the camera was allowed once: browsers hide names before that. */
  readonly label: string;
}

export type CameraStatus = 'off' | 'starting' | 'on';

/**
 * One page's camera: Off → Starting → On → Off, with the problem that ended it (denied, none,
 * busy, ended…). Every video input is listed, the chosen one is remembered, and a camera that
 * stops sending (unplugged) is reported to the listeners of `onEnded` so a burst can stop.
 */
export class CameraState {
  readonly #media: MediaDevicesLike | undefined;
  readonly #choice: CameraChoice;
  #devices = $state<CameraDevice[]>([]);
  #deviceId = $state<string | null>(null);
  #activeId = $state<string | null>(null);
  #stream = $state.raw<MediaStream | null>(null);
  #status = $state<CameraStatus>('off');
  #problem = $state<CameraProblem | null>(null);
  #detail = $state('');
  readonly #endedListeners = new Set<() => void>();
  #stopTrackListener: (() => void) | null = null;
  readonly #onDeviceChange = (): void => void this.refreshDevices();

  constructor(
    media: MediaDevicesLike | undefined = globalThis.navigator?.mediaDevices,
    choice: CameraChoice = new CameraChoice(),
  ) {
    this.#media = media;
    this.#choice = choice;
    this.#deviceId = choice.load();
  }

  get devices(): readonly CameraDevice[] {
    return this.#devices;
  }
  /** The camera showing now, else the chosen one (the choice may be gone, then the default shows). */
  get deviceId(): string | null {
    return this.#activeId ?? this.#deviceId;
  }
  get stream(): MediaStream | null {
    return this.#stream;
  }
  get status(): CameraStatus {
    return this.#status;
  }
  get problem(): CameraProblem | null {
    return this.#problem;
  }
  /** The browser's own words for an 'other' problem. */
  get detail(): string {
    return this.#detail;
  }

  /** Hears of camera changes (plugged in, unplugged) while the page shows the camera. */
  listen(): () => void {
    this.#media?.addEventListener('devicechange', this.#onDeviceChange);
    return () => this.#media?.removeEventListener('devicechange', this.#onDeviceChange);
  }

  /** `listener` runs when the camera stops sending by itself (not on `stop`). */
  onEnded(listener: () => void): () => void {
    this.#endedListeners.add(listener);
    return () => this.#endedListeners.delete(listener);
  }

  async refreshDevices(): Promise<void> {
    if (!this.#media) return;
    try {
      const all = await this.#media.enumerateDevices();
      this.#devices = all
        // Before the camera is allowed, browsers list cameras without ids: none can be chosen.
        .filter((device) => device.kind === 'videoinput' && device.deviceId !== '')
        .map(({ deviceId, label }) => ({ deviceId, label }));
    } catch {
      // A list that cannot be read leaves the default camera, which start() still opens.
      this.#devices = [];
    }
  }

  /** Opens the chosen camera (the default one if none was chosen or it is gone). */
  async start(): Promise<boolean> {
    this.stop();
    this.#problem = null;
    this.#detail = '';
    if (!this.#media) return this.#fail('unsupported', '');
    this.#status = 'starting';
    try {
      const stream = await this.#open(this.#deviceId);
      this.#attach(stream);
    } catch (error) {
      return this.#fail(cameraProblemOf(error), error instanceof Error ? error.message : '');
    }
    await this.refreshDevices();
    return true;
  }

  /** Remembers the choice; a running camera switches to it. */
  async choose(deviceId: string): Promise<void> {
    this.#deviceId = deviceId || null;
    this.#choice.save(this.#deviceId);
    if (this.#status !== 'off') await this.start();
  }

  stop(): void {
    this.#stopTrackListener?.();
    this.#stopTrackListener = null;
    for (const track of this.#stream?.getTracks() ?? []) track.stop();
    this.#stream = null;
    this.#activeId = null;
    this.#status = 'off';
  }

  async #open(deviceId: string | null): Promise<MediaStream> {
    const media = this.#media!;
    if (deviceId === null) return media.getUserMedia({ video: true, audio: false });
    try {
      return await media.getUserMedia({ video: { deviceId: { exact: deviceId } }, audio: false });
    } catch (error) {
      // The remembered camera is gone (unplugged, another machine): the default one instead.
      const problem = cameraProblemOf(error);
      if (problem !== 'none') throw error;
      return media.getUserMedia({ video: true, audio: false });
    }
  }

  #attach(stream: MediaStream): void {
    const track = stream.getVideoTracks()[0];
    const onEnded = (): void => {
      this.stop();
      this.#problem = 'ended';
      for (const listener of this.#endedListeners) listener();
    };
    track?.addEventListener('ended', onEnded);
    this.#stopTrackListener = () => track?.removeEventListener('ended', onEnded);
    this.#stream = stream;
    this.#activeId = track?.getSettings().deviceId ?? null;
    this.#status = 'on';
  }

  #fail(problem: CameraProblem, detail: string): false {
    this.stop();
    this.#problem = problem;
    this.#detail = detail;
    return false;
  }
}
