/**
 * A short video for Chromium's fake camera, made from the built-in sample drawings: cat and dog
 * faces in turn, each a different drawing, centred on grey in a 4:3 frame (so the preview's crop
 * and squash differ). Distinct frames keep a burst's photos from being duplicates of each other.
 */
import sharp from 'sharp';
import { renderSampleImage } from '../../app/images/node/sample.js';
import type { SampleClass } from '../../app/images/node/sample.js';
import { writeY4m } from './y4m.js';

export interface FakeCameraVideo {
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  readonly framesPerSecond: number;
}

/** Ten seconds before the video starts over: a burst of a few seconds never meets a frame twice. */
export const defaultFakeCamera: FakeCameraVideo = {
  frames: 100,
  width: 160,
  height: 120,
  framesPerSecond: 10,
};

export async function writeFakeCameraVideo(
  path: string,
  video: FakeCameraVideo = defaultFakeCamera,
  classes: readonly SampleClass[] = ['cat', 'dog'],
): Promise<void> {
  const { width, height } = video;
  const side = Math.min(width, height);
  const frames = [];
  for (let index = 0; index < video.frames; index++) {
    const className = classes[index % classes.length]!;
    const jpeg = await renderSampleImage(className, 1000 + index, side);
    const rgb = await sharp(jpeg)
      .resize(side, side)
      .extend({
        left: Math.floor((width - side) / 2),
        right: Math.ceil((width - side) / 2),
        top: Math.floor((height - side) / 2),
        bottom: Math.ceil((height - side) / 2),
        background: { r: 128, g: 128, b: 128 },
      })
      .removeAlpha()
      .raw()
      .toBuffer();
    frames.push({ rgb: new Uint8Array(rgb) });
  }
  await writeY4m(path, frames, width, height, video.framesPerSecond);
}
