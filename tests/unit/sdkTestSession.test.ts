// /sdk.js and "Test your tracking" (docs/tracking-plan.md): a page opened with
// ?crumbtrail_test=TOKEN tags every event of the tab with $test_session, the
// token outlives the tab's navigations (sessionStorage), and without it nothing is added.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { test } from "node:test";

const SOURCE = fs.readFileSync(path.join(__dirname, "..", "..", "lib", "sdk", "crumbtrail.js"), "utf8");

function memoryStorage(): Storage {
  const data = new Map<string, string>();
  const storage = {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, String(v)),
    removeItem: (k: string) => void data.delete(k),
  };
  // sessionStorage.ct_test = ... as a property, as browsers allow.
  return new Proxy(storage, {
    get: (target, key: string) => (key in target ? target[key as keyof typeof target] : data.get(key)),
    set: (_target, key: string, value) => (data.set(key, String(value)), true),
  }) as unknown as Storage;
}

/** Loads the SDK into a fake page at `search`, sends one track and one identify, and returns the batch sent. */
async function sentFrom(search: string, session: Storage): Promise<{ type: string; properties?: Record<string, unknown> }[]> {
  const listeners: Record<string, () => void> = {};
  const beacons: Blob[] = [];
  const script = { src: "https://ct.example/sdk.js", getAttribute: (name: string) => ({ "data-write-key": "wk", "data-auto-page": "false" })[name] ?? null };
  const page: Record<string, unknown> = {
    location: { href: `https://shop.example/${search}`, pathname: "/", search },
    document: { currentScript: script, title: "Shop", referrer: "", addEventListener: () => {}, visibilityState: "visible" },
    navigator: { userAgent: "test", language: "en", sendBeacon: (_url: string, body: Blob) => (beacons.push(body), true) },
    localStorage: memoryStorage(),
    sessionStorage: session,
    history: { pushState() {}, replaceState() {} },
    addEventListener: (name: string, listener: () => void) => void (listeners[name] = listener),
    setTimeout: () => 1,
    clearTimeout: () => {},
    crypto: { randomUUID: () => "00000000-0000-4000-8000-000000000000" },
    URL,
    Blob,
    Intl,
    Date,
    JSON,
  };
  page.window = page;
  vm.runInNewContext(SOURCE, page);
  const api = page.crumbtrail as { track(e: string, p?: object): void; identify(id: string): void };
  api.track("Signed Up", { plan: "pro" });
  api.identify("user-1");
  listeners.pagehide();
  assert.equal(beacons.length, 1);
  return (JSON.parse(await beacons[0].text()) as { batch: { type: string; properties?: Record<string, unknown> }[] }).batch;
}

test("?crumbtrail_test=TOKEN tags every event of the tab, and later pages of the tab too", async () => {
  const session = memoryStorage();
  const first = await sentFrom("?utm_source=x&crumbtrail_test=tok_123-abc", session);
  assert.deepEqual(
    first.map((m) => [m.type, m.properties?.$test_session]),
    [
      ["track", "tok_123-abc"],
      ["identify", "tok_123-abc"],
    ],
  );
  assert.equal(first[0].properties?.plan, "pro");
  const later = await sentFrom("?page=2", session);
  assert.equal(later[0].properties?.$test_session, "tok_123-abc");
});

test("without a test token nothing is added", async () => {
  const sent = await sentFrom("", memoryStorage());
  assert.equal(sent[0].properties?.$test_session, undefined);
  assert.deepEqual(sent[0].properties, { plan: "pro" });
});
