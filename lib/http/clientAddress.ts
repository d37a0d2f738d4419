// The address of the client that sent a request, as far as this server can
// vouch for it: the server itself (lib/server) stamps it on every request from
// the socket, or, when the socket is a trusted proxy (TRUSTED_PROXIES), from
// that proxy's X-Forwarded-For. A client cannot set it: any incoming copy of
// the header is replaced. Security decisions (sign-in and sign-up throttles)
// use this, never X-Forwarded-For directly.
export const CLIENT_ADDRESS_HEADER = "x-crumbtrail-client-address";

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/** The vouched-for client address of a request, or null when the server did not stamp one. */
export function clientAddress(headers: HeaderBag): string | null {
  const value = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers[CLIENT_ADDRESS_HEADER];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || null;
}
