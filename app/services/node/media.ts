import { readFileSync } from 'node:fs';
import type { Services } from './services.js';

export interface MediaFile {
  readonly mime: string;
  readonly data: Uint8Array;
}

/** `thumbnails/<id>` → the stored thumbnail; served over HTTP in web mode, a protocol in Electron. */
export function mediaResolver(services: Services): (path: string) => MediaFile | undefined {
  return (path) => {
    const download = services.exports.downloadFile(path);
    if (download !== undefined) return readDownload(download);
    const match = /^thumbnails\/(\d+)$/.exec(path);
    return match ? services.stores.gallery.thumbnail(Number(match[1])) : undefined;
  };
}

/** A finished export's .tar (web mode); written whole before its path was handed out. */
function readDownload(path: string): MediaFile | undefined {
  try {
    return { mime: 'application/x-tar', data: readFileSync(path) };
  } catch {
    return undefined;
  }
}
