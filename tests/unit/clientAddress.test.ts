// The client address security code trusts (lib/server/clientAddress.ts stamps
// it, lib/http/clientAddress.ts reads it): a client can never choose its own.
import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { describe, test } from "node:test";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "../../lib/http/clientAddress";
import { ConfigError, readConfig } from "../../lib/config";
import { stampClientAddress, trustedProxies } from "../../lib/server/clientAddress";

function request(peer: string, headers: Record<string, string> = {}): IncomingMessage {
  const socket = { remoteAddress: peer };
  return { headers: { ...headers }, socket, connection: socket } as unknown as IncomingMessage;
}

function stamped(peer: string, headers: Record<string, string>, setting?: string): string | null {
  const req = request(peer, headers);
  stampClientAddress(req, trustedProxies(setting));
  return clientAddress(req.headers as Record<string, string>);
}

describe("the client address", () => {
  test("without trusted proxies it is the connection's peer, whatever X-Forwarded-For says", () => {
    assert.equal(stamped("198.51.100.7", { "x-forwarded-for": "203.0.113.1" }), "198.51.100.7");
  });

  test("a client-sent copy of the stamp header is replaced", () => {
    assert.equal(stamped("198.51.100.7", { [CLIENT_ADDRESS_HEADER]: "10.0.0.1" }), "198.51.100.7");
  });

  test("behind a trusted proxy it is the forwarded address nearest the proxy that is not trusted", () => {
    // The client prepended a fake entry; nginx on loopback appended the real peer.
    assert.equal(stamped("127.0.0.1", { "x-forwarded-for": "6.6.6.6, 203.0.113.9" }, "loopback"), "203.0.113.9");
    assert.equal(stamped("::ffff:127.0.0.1", { "x-forwarded-for": "203.0.113.9" }, "loopback"), "203.0.113.9");
    assert.equal(stamped("10.1.2.3", { "x-forwarded-for": "6.6.6.6, 192.0.2.4" }, "10.0.0.0/8"), "192.0.2.4");
  });

  test("a peer that is not a trusted proxy is believed over its X-Forwarded-For", () => {
    assert.equal(stamped("198.51.100.7", { "x-forwarded-for": "203.0.113.9" }, "loopback"), "198.51.100.7");
  });

  test("IPv4-mapped IPv6 peers read as plain IPv4", () => {
    assert.equal(stamped("::ffff:198.51.100.7", {}), "198.51.100.7");
  });

  test("an unreadable TRUSTED_PROXIES is a configuration error naming the variable", () => {
    assert.throws(() => readConfig({ TRUSTED_PROXIES: "not-an-address" } as unknown as NodeJS.ProcessEnv), (error: unknown) => {
      return error instanceof ConfigError && /^TRUSTED_PROXIES:/.test(error.message);
    });
    assert.equal(readConfig({ TRUSTED_PROXIES: "loopback, 10.0.0.0/8" } as unknown as NodeJS.ProcessEnv).trustedProxies, "loopback, 10.0.0.0/8");
  });
});
