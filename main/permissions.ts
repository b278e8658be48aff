/**
 * The session's permissions: everything refused (notifications, clipboard reads, USB, HID,
 * serial…) except the camera, and the camera only for the app's own page (`renderer/index.html`
 * loaded from disk, top frame) asking for video alone. Capture into a class and live predictions
 * need it; a page that went wrong, an iframe, or a request for the microphone get nothing.
 */
import type { Session, WebContents } from 'electron';
import { isRendererUrl } from './sender-trust.js';

/** The fields of Electron's permission request and check details the rule reads. */
interface MediaDetails {
  readonly requestingUrl?: string;
  readonly isMainFrame?: boolean;
  /** Request: what the page asks for. */
  readonly mediaTypes?: readonly string[];
  /** Check: 'video', 'audio' or 'unknown' (listing devices). */
  readonly mediaType?: string;
}

function isOwnPage(
  contents: Pick<WebContents, 'getURL'> | null,
  details: MediaDetails,
  rendererIndexPath: string,
): boolean {
  const url = details.requestingUrl ?? contents?.getURL() ?? '';
  return details.isMainFrame !== false && isRendererUrl(url, rendererIndexPath);
}

/** A camera request: video, and nothing else (no microphone, no screen). */
export function isCameraRequest(permission: string, details: MediaDetails): boolean {
  const types = details.mediaTypes ?? [];
  return permission === 'media' && types.length > 0 && types.every((type) => type === 'video');
}

/** A camera check: video, or listing devices (their names show once the camera was allowed). */
export function isCameraCheck(permission: string, details: MediaDetails): boolean {
  return (
    permission === 'media' && (details.mediaType === 'video' || details.mediaType === 'unknown')
  );
}

export function cameraOnlyPermissions(session: Session, rendererIndexPath: string): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const media = details as MediaDetails;
    callback(isCameraRequest(permission, media) && isOwnPage(contents, media, rendererIndexPath));
  });
  session.setPermissionCheckHandler((contents, permission, _origin, details) => {
    const media = details as MediaDetails;
    return isCameraCheck(permission, media) && isOwnPage(contents, media, rendererIndexPath);
  });
  session.setDevicePermissionHandler(() => false);
}
