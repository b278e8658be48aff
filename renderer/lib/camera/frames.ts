/**
 * Pictures from a playing <video>: the whole frame as a JPEG or PNG file (the import makes the
 * model's input from it as from any photo), and a wait for the next frame the camera delivers, so
 * two photos of a burst are never the same frame twice.
 */
export type FrameType = 'image/jpeg' | 'image/png';

export function frameExtension(type: FrameType): string {
  return type === 'image/png' ? 'png' : 'jpg';
}

/**
 * Resolves when the video shows a frame it did not show before (or on the next paint), or after
 * `timeoutMs` at the latest: a camera that stopped, or a video taken off the page, never shows
 * another frame, and the burst or live loop waiting on it must still get to see that it ended.
 */
export function nextFrame(video: HTMLVideoElement, timeoutMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    if (typeof video.requestVideoFrameCallback === 'function')
      video.requestVideoFrameCallback(done);
    else requestAnimationFrame(done);
  });
}

/**
 * The frame shown now, at the camera's resolution, or scaled so its longer side is `maxSide`
 * (live predictions send small frames; captured photos keep every pixel).
 */
export async function grabFrame(
  video: HTMLVideoElement,
  type: FrameType,
  maxSide: number = Number.POSITIVE_INFINITY,
): Promise<Blob> {
  const { videoWidth, videoHeight } = video;
  if (videoWidth === 0 || videoHeight === 0)
    throw new Error('The camera has not sent a picture yet.');
  const scale = Math.min(1, maxSide / Math.max(videoWidth, videoHeight));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(videoWidth * scale));
  canvas.height = Math.max(1, Math.round(videoHeight * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('The browser could not draw the camera picture.');
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) =>
        blob
          ? resolve(blob)
          : reject(new Error('The browser could not encode the camera picture.')),
      type,
      0.92,
    );
  });
}
