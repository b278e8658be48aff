/**
 * What went wrong with the camera, in words a person can act on. The browser reports getUserMedia
 * failures as DOMException names; they map to a few problems the UI explains in both languages.
 */
export type CameraProblem =
  /** The person or the browser refused the camera. */
  | 'denied'
  /** No camera is connected (or the remembered one is gone and no other is). */
  | 'none'
  /** Another program holds the camera, or the system could not start it. */
  | 'busy'
  /** The camera stopped sending (unplugged, switched off, taken by the system). */
  | 'ended'
  /** No camera API: the page is not a secure context, or the browser has none. */
  | 'unsupported'
  /** Anything else; the browser's own message is shown beside it. */
  | 'other';

export function cameraProblemOf(error: unknown): CameraProblem {
  const name = error instanceof Error || isNamed(error) ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'none';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    case 'TypeError':
      return 'unsupported';
    default:
      return 'other';
  }
}

function isNamed(value: unknown): value is { name: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string'
  );
}
