import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cameraOnlyPermissions } from '../../main/permissions.js';
import { resetFakeElectron, session } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const indexPath = '/app/dist/renderer/index.html';
const ownUrl = `${pathToFileURL(indexPath).href}#datasets`;
const contents = (url: string) => ({ getURL: () => url });

function install() {
  resetFakeElectron();
  const { defaultSession } = session;
  cameraOnlyPermissions(defaultSession as never, indexPath);
  const request = (permission: string, details: object, url = ownUrl): boolean => {
    const callback = vi.fn();
    defaultSession.permissionRequestHandler?.(contents(url), permission, callback, details);
    return callback.mock.calls[0]?.[0] as boolean;
  };
  const check = (permission: string, details: object, url = ownUrl): boolean =>
    defaultSession.permissionCheckHandler?.(
      contents(url),
      permission,
      'file://',
      details,
    ) as boolean;
  return { request, check, defaultSession };
}

describe('session permissions', () => {
  beforeEach(() => resetFakeElectron());

  it('allows the camera to the app’s own page', () => {
    const { request, check } = install();
    expect(
      request('media', { mediaTypes: ['video'], requestingUrl: ownUrl, isMainFrame: true }),
    ).toBe(true);
    expect(check('media', { mediaType: 'video', requestingUrl: ownUrl })).toBe(true);
    // Listing devices with their names.
    expect(check('media', { mediaType: 'unknown', requestingUrl: ownUrl })).toBe(true);
    // No requesting URL in the details: the page's own URL decides.
    expect(request('media', { mediaTypes: ['video'] })).toBe(true);
  });

  it('refuses the microphone, the screen, and the camera with them', () => {
    const { request, check } = install();
    expect(request('media', { mediaTypes: ['audio'], requestingUrl: ownUrl })).toBe(false);
    expect(request('media', { mediaTypes: ['video', 'audio'], requestingUrl: ownUrl })).toBe(false);
    expect(request('media', { mediaTypes: [], requestingUrl: ownUrl })).toBe(false);
    expect(request('display-capture', { requestingUrl: ownUrl })).toBe(false);
    expect(check('media', { mediaType: 'audio', requestingUrl: ownUrl })).toBe(false);
  });

  it('refuses the camera to any other page or frame', () => {
    const { request, check } = install();
    const video = { mediaTypes: ['video'] };
    expect(request('media', { ...video, requestingUrl: 'https://example.com/' })).toBe(false);
    expect(request('media', { ...video, requestingUrl: 'file:///etc/index.html' })).toBe(false);
    expect(request('media', { ...video, requestingUrl: ownUrl, isMainFrame: false })).toBe(false);
    expect(request('media', video, 'https://example.com/')).toBe(false);
    expect(check('media', { mediaType: 'video', requestingUrl: 'https://example.com/' })).toBe(
      false,
    );
  });

  it('refuses every other permission and device', () => {
    const { request, check, defaultSession } = install();
    expect(request('notifications', { requestingUrl: ownUrl })).toBe(false);
    expect(request('clipboard-read', { requestingUrl: ownUrl })).toBe(false);
    expect(check('clipboard-read', { requestingUrl: ownUrl })).toBe(false);
    expect(defaultSession.devicePermissionHandler?.({ deviceType: 'usb' })).toBe(false);
  });
});
