import { describe, expect, it, vi } from 'vitest';
import { CameraChoice } from '../../renderer/lib/camera/camera-choice.js';
import { cameraProblemOf } from '../../renderer/lib/camera/camera-problems.js';
import type { MediaDevicesLike } from '../../renderer/lib/state/camera.svelte.js';
import { CameraState } from '../../renderer/lib/state/camera.svelte.js';

class FakeTrack extends EventTarget {
  isStopped = false;
  constructor(readonly deviceId: string) {
    super();
  }
  stop(): void {
    this.isStopped = true;
  }
  getSettings(): { deviceId: string } {
    return { deviceId: this.deviceId };
  }
}

function fakeStream(track: FakeTrack): MediaStream {
  return { getVideoTracks: () => [track], getTracks: () => [track] } as unknown as MediaStream;
}

const named = (name: string) => Object.assign(new Error(name), { name });

function fakeMedia(cameras: string[], refuse: Error | null = null) {
  const tracks: FakeTrack[] = [];
  const asked: MediaStreamConstraints[] = [];
  const media = {
    getUserMedia: vi.fn((constraints: MediaStreamConstraints) => {
      asked.push(constraints);
      if (refuse) return Promise.reject(refuse);
      const video = constraints.video;
      const wanted =
        typeof video === 'object' ? (video.deviceId as { exact: string }).exact : cameras[0];
      if (!wanted || !cameras.includes(wanted)) return Promise.reject(named('NotFoundError'));
      const track = new FakeTrack(wanted);
      tracks.push(track);
      return Promise.resolve(fakeStream(track));
    }),
    enumerateDevices: () =>
      Promise.resolve([
        ...cameras.map((deviceId, i) => ({ kind: 'videoinput', deviceId, label: `cam ${i}` })),
        { kind: 'audioinput', deviceId: 'mic', label: 'mic' },
      ] as MediaDeviceInfo[]),
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
  };
  return { media: media as unknown as MediaDevicesLike, tracks, asked };
}

function memoryChoice(initial: string | null = null): CameraChoice {
  const map = new Map<string, string>();
  if (initial) map.set('fovea.camera', initial);
  return new CameraChoice({
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  });
}

describe('CameraState', () => {
  it('lists every camera, opens the chosen one and remembers the choice', async () => {
    const { media, tracks } = fakeMedia(['front', 'back']);
    const choice = memoryChoice();
    const camera = new CameraState(media, choice);
    expect(await camera.start()).toBe(true);
    expect(camera.devices.map((d) => d.label)).toEqual(['cam 0', 'cam 1']);
    expect(camera.deviceId).toBe('front');
    await camera.choose('back');
    expect(tracks[0]!.isStopped).toBe(true);
    expect([camera.status, camera.deviceId]).toEqual(['on', 'back']);
    expect(new CameraState(media, choice).deviceId).toBe('back');
  });

  it('falls back to the default camera when the remembered one is gone', async () => {
    const { media, asked } = fakeMedia(['front']);
    const camera = new CameraState(media, memoryChoice('unplugged'));
    expect(await camera.start()).toBe(true);
    expect(asked).toHaveLength(2);
    expect(camera.deviceId).toBe('front');
  });

  it.each([
    ['NotAllowedError', 'denied'],
    ['NotFoundError', 'none'],
    ['NotReadableError', 'busy'],
    ['Weird', 'other'],
  ] as const)('reports %s as %s', async (name, problem) => {
    const camera = new CameraState(fakeMedia(['a'], named(name)).media, memoryChoice());
    expect(await camera.start()).toBe(false);
    expect([camera.status, camera.problem]).toEqual(['off', problem]);
  });

  it('says a page without the camera API cannot use one', async () => {
    const camera = new CameraState(undefined, memoryChoice());
    expect(await camera.start()).toBe(false);
    expect(camera.problem).toBe('unsupported');
  });

  it('tells its listeners when the camera stops sending, and turns off', async () => {
    const { media, tracks } = fakeMedia(['a']);
    const camera = new CameraState(media, memoryChoice());
    const ended = vi.fn();
    camera.onEnded(ended);
    await camera.start();
    tracks[0]!.dispatchEvent(new Event('ended'));
    expect(ended).toHaveBeenCalledOnce();
    expect([camera.status, camera.problem, camera.stream]).toEqual(['off', 'ended', null]);
  });

  it('does not report a camera the page stopped itself as ended', async () => {
    const { media, tracks } = fakeMedia(['a']);
    const camera = new CameraState(media, memoryChoice());
    const ended = vi.fn();
    camera.onEnded(ended);
    await camera.start();
    camera.stop();
    tracks[0]!.dispatchEvent(new Event('ended'));
    expect(ended).not.toHaveBeenCalled();
    expect(camera.problem).toBeNull();
  });
});

describe('cameraProblemOf', () => {
  it('reads DOMException-like names and ignores the rest', () => {
    expect(cameraProblemOf({ name: 'SecurityError' })).toBe('denied');
    expect(cameraProblemOf({ name: 'OverconstrainedError' })).toBe('none');
    expect(cameraProblemOf(new TypeError('x'))).toBe('unsupported');
    expect(cameraProblemOf('text')).toBe('other');
  });
});
