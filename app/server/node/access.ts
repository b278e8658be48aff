import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Browsers keep cookies per host, not per port: every `fovea serve` on 127.0.0.1 would share one
 * cookie, and a second server's login would log the first out. The port in the name keeps each
 * server's cookie its own; the token in it is random per start, so it unlocks nothing else.
 */
export function tokenCookieName(port: number): string {
  return `fovea_token_${port}`;
}

/**
 * Web mode's guard. A request must name this server by its loopback address (so a hostile page
 * cannot reach it by DNS rebinding), come from its own origin when a browser says where it comes
 * from, and carry the per-start token (query or cookie).
 */
export class AccessGuard {
  readonly #token: string;
  #port = 0;

  constructor(token: string) {
    this.#token = token;
  }

  setPort(port: number): void {
    this.#port = port;
  }

  /** 403 reasons for a request that names another host or comes from another origin. */
  forbiddenReason(request: IncomingMessage): string | undefined {
    const host = request.headers.host ?? '';
    const allowedHosts = [`127.0.0.1:${this.#port}`, `localhost:${this.#port}`];
    if (!allowedHosts.includes(host))
      return `Requests must be addressed to 127.0.0.1:${this.#port}.`;
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedHosts.some((allowed) => origin === `http://${allowed}`)) {
      return `Requests from ${origin} are not allowed.`;
    }
    return undefined;
  }

  tokenFrom(request: IncomingMessage, url: URL): string | undefined {
    return (
      url.searchParams.get('token') ??
      readCookie(request.headers.cookie, tokenCookieName(this.#port))
    );
  }

  isAuthorized(request: IncomingMessage, url: URL): boolean {
    const given = this.tokenFrom(request, url);
    if (given === undefined) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(this.#token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  cookieHeader(): string {
    return `${tokenCookieName(this.#port)}=${this.#token}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
