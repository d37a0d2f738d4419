// Stamps each request with the address of the client that sent it, as far as
// this server can vouch for it (lib/http/clientAddress.ts reads it back).
// Without TRUSTED_PROXIES that is the socket's peer, whatever X-Forwarded-For
// claims; with it, proxy-addr walks X-Forwarded-For back from the socket past
// the proxies you trust (as Express does), so a client cannot name itself.
import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";
import { CLIENT_ADDRESS_HEADER } from "../http/clientAddress";

export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * The trust rule of a TRUSTED_PROXIES value: comma-separated addresses, CIDR
 * ranges, or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`.
 * Unset or empty trusts no proxy. Throws on a value proxy-addr cannot read.
 */
export function trustedProxies(setting: string | undefined): TrustProxy {
  const list = (setting ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return proxyaddr.compile(list);
}

/** Replaces any client-sent copy of the header with the address we vouch for. */
export function stampClientAddress(request: IncomingMessage, trust: TrustProxy): void {
  delete request.headers[CLIENT_ADDRESS_HEADER];
  // A socket already closed has no address: leave the header out (null downstream).
  if (!request.socket.remoteAddress) return;
  request.headers[CLIENT_ADDRESS_HEADER] = proxyaddr(request, trust).replace(/^::ffff:/, "");
}
