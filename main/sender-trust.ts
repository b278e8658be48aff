/**
 * Which renderer may call the services. The renderer is loaded from disk with `loadFile`, so its
 * frames have `file://` URLs; a call is trusted only from a top-level frame showing exactly the
 * app's own `renderer/index.html` (query and hash ignored). Navigation away from it is denied
 * (window.ts), so any other URL means something went wrong: an iframe, a page that got loaded by
 * mistake, or a window Fovea did not create.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of Electron's `WebFrameMain` the rule reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
}

export function isRendererUrl(url: string, rendererIndexPath: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost'))
    return false;
  parsed.search = '';
  parsed.hash = '';
  let path: string;
  try {
    path = fileURLToPath(parsed);
  } catch {
    // An encoded separator (%2F) or a NUL byte: not a URL loadFile would produce.
    return false;
  }
  return samePath(path, rendererIndexPath);
}

/** Builds the `isTrustedSender` predicate for `registerIpc`. */
export function rendererSenderTrust(
  rendererIndexPath: string,
): (frame: FrameLike | null) => boolean {
  return (frame) =>
    frame !== null && frame.parent === null && isRendererUrl(frame.url, rendererIndexPath);
}

function samePath(a: string, b: string): boolean {
  const left = resolve(a);
  const right = resolve(b);
  // Windows and macOS file systems are case-insensitive by default.
  return process.platform === 'linux' ? left === right : left.toLowerCase() === right.toLowerCase();
}
