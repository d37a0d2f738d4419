// The browser SDK on a third-party page: the snippet from Settings, pasted into a
// page on another origin, records page views (on load and on SPA navigation),
// custom events and identify, and the events are stored for the right person.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./support/fixtures";
import { htmlSnippet } from "../../lib/projects/snippets";

/**
 * Serves one HTML page from a real server on another loopback port: a page
 * intercepted by Playwright has no address, and Chromium then refuses its
 * requests to loopback (Local Network Access), which real sites never meet.
 */
async function servePage(html: string): Promise<{ origin: string; close: () => void }> {
  const server = http.createServer((request, response) => {
    if (request.url === "/" || request.url === "/checkout") {
      response.writeHead(200, { "Content-Type": "text/html" }).end(html);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

test("a page with the snippet produces page views, custom events and an identified person", async ({ page, project, crumbtrail }) => {
  const shop = await servePage(`<!doctype html><html><head><title>Shop home</title>${htmlSnippet(crumbtrail.url, project.writeKey)}</head>
        <body><button id="buy" onclick="crumbtrail.track('Added to Cart', { sku: 'A-1', price: 9.5 })">Buy</button>
        <button id="go" onclick="history.pushState({}, '', '/checkout')">Checkout</button>
        <button id="login" onclick="crumbtrail.identify('user-42', { email: 'u42@example.com' })">Log in</button>
        <script>crumbtrail.track('Early Call', { queued: true })</script></body></html>`);
  await page.goto(`${shop.origin}/`);
  await page.click("#buy");
  await page.click("#go");
  await page.click("#login");
  // pagehide flushes the queue with sendBeacon.
  await page.goto("about:blank");
  shop.close();

  const read = async () => {
    const response = await page.request.get(`${crumbtrail.url}/api/projects/${project.projectId}/events?limit=100`, {
      headers: { Authorization: `Bearer ${project.secretKey}` },
    });
    return ((await response.json()) as { events: { event: string; distinctId: string; personId: string; properties: Record<string, unknown>; context: Record<string, unknown> }[] }).events;
  };
  await expect.poll(async () => (await read()).length, { timeout: 15_000 }).toBe(5);
  const events = await read();
  const names = events.map((e) => e.event).sort();
  expect(names).toEqual(["$identify", "$pageview", "$pageview", "Added to Cart", "Early Call"]);
  const paths = events.filter((e) => e.event === "$pageview").map((e) => (e.context.page as { path: string }).path).sort();
  expect(paths).toEqual(["/", "/checkout"]);
  expect(events.find((e) => e.event === "Added to Cart")!.properties).toEqual({ sku: "A-1", price: 9.5 });
  // Everything the anonymous visitor did counts for the person they identified as.
  expect(new Set(events.map((e) => e.personId)).size).toBe(1);
  expect(events.find((e) => e.event === "$identify")!.distinctId).toBe("user-42");
});
