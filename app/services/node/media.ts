import type { Services } from './services.js';

export interface MediaFile {
  readonly mime: string;
  readonly data: Uint8Array;
}

/** `thumbnails/<id>` → the stored thumbnail; served over HTTP in web mode, a protocol in Electron. */
export function mediaResolver(services: Services): (path: string) => MediaFile | undefined {
  return (path) => {
    const match = /^thumbnails\/(\d+)$/.exec(path);
    return match ? services.context.gallery.thumbnail(Number(match[1])) : undefined;
  };
}
