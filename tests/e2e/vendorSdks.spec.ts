// Other vendors' browser SDKs, unchanged but for the host they send to (API.md
// 2.5, docs/vendors.md): each is loaded from node_modules into a page on another
// origin, records a page view, a custom event, an identify with a person
// property, and an event sent as the page unloads; everything arrives, stitched
// to one person, and nothing reaches the vendor (any request to a host other
// than this machine is refused and makes the test fail).
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

interface StoredEvent {
  event: string;
  distinctId: string;
  personId: string;
  properties: Record<string, unknown>;
}

interface Vendor {
  name: string;
  /** The SDK's browser build, in node_modules. */
  script: string;
  /**
   * The page's script after the SDK loads: starts it against Crumbtrail and
   * defines window.sendCustom(), window.login() and window.sendOnUnload().
   */
  setup: (crumbtrail: string, writeKey: string) => string;
  /** Scripts that must run before the SDK's file (a loader's buffer). */
  before?: (crumbtrail: string, writeKey: string) => string;
}

const VENDORS: Vendor[] = [
  {
    name: "posthog-js",
    script: "posthog-js/dist/array.full.no-external.js",
    setup: (crumbtrail, key) => `
      posthog.init(${JSON.stringify(key)}, { api_host: ${JSON.stringify(`${crumbtrail}/posthog`)}, autocapture: false,
        disable_session_recording: true, disable_surveys: true, person_profiles: "always" });
      window.sendCustom = () => posthog.capture("Added to Cart", { sku: "A-1", price: 9.5 });
      window.login = () => posthog.identify("user-42", { email: "u42@example.com" });
      window.sendOnUnload = () => posthog.capture("Left Checkout", { step: 2 });`,
  },
  {
    name: "mixpanel-browser",
    script: "mixpanel-browser/dist/mixpanel.umd.js",
    setup: (crumbtrail, key) => `
      mixpanel.init(${JSON.stringify(key)}, { api_host: ${JSON.stringify(`${crumbtrail}/mixpanel`)}, track_pageview: true });
      window.sendCustom = () => mixpanel.track("Added to Cart", { sku: "A-1", price: 9.5 });
      window.login = () => { mixpanel.identify("user-42"); mixpanel.people.set({ email: "u42@example.com" }); };
      // Mixpanel's documented way to send an event as the page goes: a beacon, not the batch.
      window.sendOnUnload = () => mixpanel.track("Left Checkout", { step: 2 }, { transport: "sendBeacon", send_immediately: true });`,
  },
  {
    name: "@amplitude/analytics-browser",
    script: "@amplitude/analytics-browser/lib/scripts/amplitude-min.umd.js",
    // fetchRemoteConfig: false, or the SDK asks Amplitude's own config server
    // first (docs/vendors.md); the pagehide handler is Amplitude's documented
    // way to send what is queued as the page goes.
    setup: (crumbtrail, key) => `
      amplitude.init(${JSON.stringify(key)}, { serverUrl: ${JSON.stringify(`${crumbtrail}/amplitude/2/httpapi`)}, fetchRemoteConfig: false,
        autocapture: { pageViews: true, attribution: false, sessions: false, formInteractions: false, fileDownloads: false, elementInteractions: false } });
      window.addEventListener("pagehide", () => { amplitude.setTransport("beacon"); amplitude.flush(); });
      window.sendCustom = () => amplitude.track("Added to Cart", { sku: "A-1", price: 9.5 });
      window.login = () => { amplitude.setUserId("user-42"); amplitude.identify(new amplitude.Identify().set("email", "u42@example.com")); };
      window.sendOnUnload = () => amplitude.track("Left Checkout", { step: 2 });`,
  },
  {
    name: "@segment/analytics-next",
    script: "@segment/analytics-next/dist/umd/standalone.js",
    before: (crumbtrail, key) => `
      window.analytics = [];
      analytics._writeKey = ${JSON.stringify(key)};
      analytics._cdn = ${JSON.stringify(crumbtrail)};
      for (const method of ["page", "track", "identify"]) analytics[method] = (...args) => analytics.push([method, ...args]);
      analytics.page();`,
    setup: () => `
      window.sendCustom = () => analytics.track("Added to Cart", { sku: "A-1", price: 9.5 });
      window.login = () => analytics.identify("user-42", { email: "u42@example.com" });
      window.sendOnUnload = () => analytics.track("Left Checkout", { step: 2 });`,
  },
  {
    name: "@rudderstack/analytics-js",
    script: "@rudderstack/analytics-js/dist/npm/modern/bundled/umd/index.js",
    setup: (crumbtrail, key) => `
      const analytics = new rudderanalytics.RudderAnalytics();
      analytics.load(${JSON.stringify(key)}, ${JSON.stringify(crumbtrail)}, { configUrl: ${JSON.stringify(crumbtrail)}, loadIntegration: false,
        useBeacon: true, beaconQueueOptions: { flushQueueInterval: 1000 } });
      analytics.page();
      window.sendCustom = () => analytics.track("Added to Cart", { sku: "A-1", price: 9.5 });
      window.login = () => analytics.identify("user-42", { email: "u42@example.com" });
      window.sendOnUnload = () => analytics.track("Left Checkout", { step: 2 });`,
  },
];

const nodeModules = path.resolve(__dirname, "../../node_modules");

/**
 * Serves the shop's page and the SDK's file from a real server on another
 * loopback port (a page intercepted by Playwright has no address, and Chromium
 * then refuses its requests to loopback).
 */
async function serveShop(vendor: Vendor, crumbtrail: string, writeKey: string): Promise<{ origin: string; close: () => void }> {
  const html = `<!doctype html><html><head><title>Shop</title>
    ${vendor.before ? `<script>${vendor.before(crumbtrail, writeKey)}</script>` : ""}
    <script src="/sdk.js"></script>
    <script>${vendor.setup(crumbtrail, writeKey)}</script></head>
    <body><h1>Shop</h1></body></html>`;
  const sdk = fs.readFileSync(path.join(nodeModules, vendor.script));
  const server = http.createServer((request, response) => {
    if (request.url === "/") response.writeHead(200, { "Content-Type": "text/html" }).end(html);
    else if (request.url === "/sdk.js") response.writeHead(200, { "Content-Type": "text/javascript" }).end(sdk);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** Refuses, and remembers, every request that would leave this machine. */
async function keepOnThisMachine(page: Page): Promise<string[]> {
  const refused: string[] = [];
  await page.route(
    (url) => url.hostname !== "127.0.0.1" && url.hostname !== "localhost",
    (route) => {
      refused.push(route.request().url());
      return route.abort();
    },
  );
  return refused;
}

for (const vendor of VENDORS) {
  test(`${vendor.name}: page view, custom event, identify and an event on unload arrive, one person`, async ({ page, project, crumbtrail }) => {
    const refused = await keepOnThisMachine(page);
    const shop = await serveShop(vendor, crumbtrail.url, project.writeKey);
    const read = async (): Promise<StoredEvent[]> => {
      const response = await page.request.get(`${crumbtrail.url}/api/projects/${project.projectId}/events?limit=100`, {
        headers: { Authorization: `Bearer ${project.secretKey}` },
      });
      return ((await response.json()) as { events: StoredEvent[] }).events;
    };
    const arrived = async (names: string[]) => {
      const events = await read();
      return names.filter((name) => events.some((e) => e.event === name));
    };
    const call = (name: "sendCustom" | "login" | "sendOnUnload") => page.evaluate((fn) => (window as unknown as Record<string, () => void>)[fn](), name);
    try {
      await page.goto(`${shop.origin}/`);
      await call("sendCustom");
      await call("login");
      // Batching SDKs send on a timer while the visitor stays on the page.
      await expect.poll(() => arrived(["$pageview", "Added to Cart", "$identify"]), { timeout: 20_000 }).toHaveLength(3);
      // Sent, then the page goes at once: the SDK's unload path must deliver it.
      await call("sendOnUnload");
      await page.goto("about:blank");
    } finally {
      shop.close();
    }
    await expect.poll(() => arrived(["Left Checkout"]), { timeout: 20_000 }).toHaveLength(1);
    const events = await read();

    expect(events.filter((e) => e.event === "$pageview"), "one page view").toHaveLength(1);
    const custom = events.filter((e) => e.event === "Added to Cart");
    expect(custom, "the custom event once").toHaveLength(1);
    expect(custom[0].properties).toMatchObject({ sku: "A-1", price: 9.5 });
    expect(events.filter((e) => e.event === "Left Checkout"), "the unload event once").toHaveLength(1);
    // The anonymous visitor's page view and the identified user's events are one person.
    expect(new Set(events.map((e) => e.personId)).size).toBe(1);
    await expect
      .poll(async () => {
        const response = await page.request.get(`${crumbtrail.url}/api/projects/${project.projectId}/users/user-42`, {
          headers: { Authorization: `Bearer ${project.secretKey}` },
        });
        return response.ok() ? ((await response.json()) as { properties: Record<string, unknown> }).properties.email : null;
      })
      .toBe("u42@example.com");
    expect(refused, "nothing reaches the vendor").toEqual([]);
  });
}
