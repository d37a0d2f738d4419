// The benchmark's messages: realistic Segment track calls (and optionally
// identify calls) from a steady stream of visitors, pre-serialized so that a
// request body is cheap string concatenation (the load generator shares the
// machine with the server). Deterministic: the same seed gives the same mix.
import crypto from "node:crypto";

/**
 * A random-looking version-4 UUID made from `text` (its SHA-1): what SDKs send
 * as messageId (analytics.js, posthog-js), scattered over the dedupe index as
 * theirs are, yet the same for the same text, so a benchmark can check which
 * messages were stored.
 */
export function uuidFrom(text) {
  const h = crypto.createHash("sha1").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[parseInt(h[16], 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function messageGenerator({ activeVisitors = 5000, eventsPerVisitor = 20, identifyShare = 0, seed: initialSeed = 42, uuidIds = false } = {}) {
  const ACTIVE = activeVisitors;
  const EVENTS_PER_VISITOR = eventsPerVisitor;
  const IDENTIFY_SHARE = identifyShare;
  let seed = initialSeed;
  function random() {
    // mulberry32: the same message mix on every run
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  const rand = (n) => Math.floor(random() * n);
  const pick = (list) => list[rand(list.length)];

  const EVENTS = [
    ["Product Viewed", () => ({ product_id: `sku-${rand(5000)}`, name: pick(["Trail Runner 3", "Canvas Tote", "Merino Beanie", "Rain Shell"]), price: +(5 + random() * 200).toFixed(2), currency: "USD", category: pick(["shoes", "bags", "hats", "jackets"]), in_stock: random() < 0.9 })],
    ["Product Added", () => ({ product_id: `sku-${rand(5000)}`, quantity: 1 + rand(3), price: +(5 + random() * 200).toFixed(2), currency: "USD", cart_id: `cart-${rand(1e6)}` })],
    ["Checkout Started", () => ({ order_id: `ord-${rand(1e7)}`, value: +(20 + random() * 400).toFixed(2), revenue: +(15 + random() * 300).toFixed(2), currency: "USD", coupon: random() < 0.2 ? "SPRING10" : null, products: [{ product_id: `sku-${rand(5000)}`, quantity: 1 }] })],
    ["Order Completed", () => ({ order_id: `ord-${rand(1e7)}`, total: +(20 + random() * 400).toFixed(2), shipping: 4.99, tax: 3.2, currency: "USD", payment_method: pick(["card", "paypal", "apple_pay"]) })],
    ["Signed Up", () => ({ plan: pick(["free", "pro", "team"]), method: pick(["email", "google", "github"]), referral: random() < 0.1 })],
    ["Button Clicked", () => ({ button: pick(["buy-now", "subscribe", "learn-more", "close"]), location: pick(["hero", "footer", "modal"]), variant: pick(["A", "B"]) })],
    ["Search Performed", () => ({ query: pick(["rain jacket", "hiking boots", "gift card", "tote"]), results: rand(120), filters: { size: pick(["S", "M", "L"]) } })],
    ["Video Played", () => ({ video_id: `vid-${rand(300)}`, position: rand(600), duration: 600, quality: pick(["720p", "1080p"]), muted: random() < 0.3 })],
    ["Article Read", () => ({ article_id: `post-${rand(800)}`, words: 400 + rand(2000), author: pick(["ana", "ben", "chen"]), published_at: "2026-03-14T09:00:00Z" })],
    ["Feature Used", () => ({ feature: pick(["export", "share", "dark-mode", "filters"]), count: 1 + rand(10), beta: random() < 0.05 })],
  ];
  const PAGES = ["/", "/pricing", "/products/trail-runner-3", "/blog/how-we-test", "/cart", "/checkout", "/account", "/docs/getting-started"];
  const REFERRERS = ["https://www.google.com/", "https://news.ycombinator.com/", "https://twitter.com/", "", "https://duckduckgo.com/"];
  const UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  ];
  const IPS = ["81.2.69.142", "8.8.8.8", "1.1.1.1", "91.198.174.192", "185.60.216.35", "151.101.1.69", "203.208.60.1", "200.147.67.142", "49.44.78.1", "41.203.64.1"];
  const LOCALES = [["en-US", "America/New_York"], ["de-DE", "Europe/Berlin"], ["fr-FR", "Europe/Paris"], ["pt-BR", "America/Sao_Paulo"], ["ja-JP", "Asia/Tokyo"]];


  /**
   * Messages are pre-serialized without their ids and timestamp, so a request body
   * is cheap string concatenation: the load generator shares the server's 2 cores.
   */
  function makeTemplates(count) {
    const templates = [];
    for (let i = 0; i < count; i++) {
      const [event, props] = pick(EVENTS);
      const page = pick(PAGES);
      const utm = random() < 0.3 ? `?utm_source=${pick(["newsletter", "google", "twitter"])}&utm_medium=${pick(["email", "cpc", "social"])}&utm_campaign=spring-sale` : "";
      const [locale, timezone] = pick(LOCALES);
      const body = {
        type: "track",
        event,
        properties: props(),
        context: {
          ip: pick(IPS),
          userAgent: pick(UAS),
          locale,
          timezone,
          page: { url: `https://shop.example.com${page}${utm}`, path: page, referrer: pick(REFERRERS), title: `Example Shop - ${page}`, search: utm },
          library: { name: "analytics.js", version: "5.2.0" },
        },
      };
      templates.push(JSON.stringify(body).slice(1)); // without the opening brace
    }
    return templates;
  }
  const TEMPLATES = makeTemplates(2000);
  const IDENTIFY_TEMPLATE = (userId) =>
    `"type":"identify","traits":{"email":"${userId}@example.com","plan":"${pick(["free", "pro", "team"])}","name":"User ${userId}","$set_once":{"first_seen_plan":"free"}},"context":{"ip":"${pick(IPS)}","userAgent":"${pick(UAS)}","library":{"name":"analytics.js","version":"5.2.0"}}}`;

  /**
   * Who sends the next message. Visitors arrive steadily and stay active for a
   * while: a window of ACTIVE visitors slides forward by one visitor every
   * EVENTS_PER_VISITOR messages, so each visitor sends about that many messages
   * and about 1 message in EVENTS_PER_VISITOR comes from a visitor never seen before.
   */
  let generated = 0;
  function nextVisitor() {
    const start = Math.floor(generated++ / EVENTS_PER_VISITOR);
    return start + rand(ACTIVE);
  }

  /** One message, with a unique messageId `<prefix>.<request>.<i>` (or a UUID made from it, messageIdOf). */
  function message(prefix, request, i, nowIso) {
    const visitor = nextVisitor();
    const known = visitor % 10 < 3; // 30% of visitors are signed in: userId + anonymousId
    const ids = known ? `"anonymousId":"anon-${visitor}","userId":"user-${visitor}"` : `"anonymousId":"anon-${visitor}"`;
    const messageId = messageIdOf(prefix, request, i);
    const head = `{"messageId":"${messageId}",${ids},"timestamp":"${nowIso}",`;
    if (IDENTIFY_SHARE > 0 && random() < IDENTIFY_SHARE) {
      return `{"messageId":"${messageId}","anonymousId":"anon-${visitor}","userId":"user-${visitor}","timestamp":"${nowIso}",${IDENTIFY_TEMPLATE(`user-${visitor}`)}`;
    }
    return head + TEMPLATES[rand(TEMPLATES.length)];
  }

  function batchBody(prefix, request, size) {
    const nowIso = new Date().toISOString();
    const parts = new Array(size);
    for (let i = 0; i < size; i++) parts[i] = message(prefix, request, i, nowIso);
    return `{"batch":[${parts.join(",")}]}`;
  }

  /** The messageId of message(prefix, request, i). */
  function messageIdOf(prefix, request, i) {
    const id = `${prefix}.${request}.${i}`;
    return uuidIds ? uuidFrom(id) : id;
  }

  return { message, batchBody, messageIdOf };
}
