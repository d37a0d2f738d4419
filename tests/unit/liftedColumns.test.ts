// Columns lifted out of context and properties for reports.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { messageSchema } from "../../lib/ingest/message";
import { normalizeMessage } from "../../lib/ingest/normalize";

function columns(raw: Record<string, unknown>) {
  return normalizeMessage(messageSchema.parse({ anonymousId: "a", ...raw }), 0).columns;
}

describe("lifted columns", () => {
  test("page URL, path, referrer and UTM come from context.page and context.campaign", () => {
    const c = columns({
      type: "page",
      context: {
        page: { url: "https://shop.example/p/1?x=1", referrer: "https://www.google.com/search?q=a" },
        campaign: { source: "newsletter", medium: "email", name: "spring" },
        library: { name: "crumbtrail.js" },
      },
    });
    assert.equal(c.url, "https://shop.example/p/1?x=1");
    assert.equal(c.path, "/p/1");
    assert.equal(c.referringDomain, "www.google.com");
    assert.deepEqual([c.utmSource, c.utmMedium, c.utmCampaign], ["newsletter", "email", "spring"]);
    assert.equal(c.libraryName, "crumbtrail.js");
  });

  test("UTM parameters in the URL fill in when there is no campaign", () => {
    const c = columns({ event: "x", properties: { url: "https://shop.example/?utm_source=ads&utm_campaign=fall&utm_term=shoes" } });
    assert.deepEqual([c.utmSource, c.utmCampaign, c.utmTerm], ["ads", "fall", "shoes"]);
  });

  test("navigation inside the site is not a referral", () => {
    const c = columns({ type: "page", context: { page: { url: "https://shop.example/cart", referrer: "https://shop.example/p/1" } } });
    assert.equal(c.referrer, "https://shop.example/p/1");
    assert.equal(c.referringDomain, null);
  });

  test("the IP is taken out of the stored context", () => {
    const m = normalizeMessage(messageSchema.parse({ event: "x", anonymousId: "a", context: { ip: "8.8.8.8", locale: "en" } }), 0);
    assert.equal(m.ip, "8.8.8.8");
    assert.deepEqual(m.context, { locale: "en" });
  });
});
