// `crumbtrail seed:demo --project ID [--users N] [--days D] [--seed S]`: realistic
// traffic of a small web shop, so a new project shows a full dashboard at once.
//
// Visitors arrive from search, ads, social and newsletters on desktop and mobile
// browsers from a dozen countries, in a daily and weekly rhythm; they browse
// categories, search, view products and drop out at every step of
// cart -> checkout -> order. Some sign up (identify joins their anonymous
// history), some come back on later days (retention), some log in on a second
// device (a second anonymous id joined to the same user), and a few crawlers
// pass by (counted as bots, not stored).
//
// Everything comes from a seeded PRNG (mulberry32), one stream per visitor: the
// same seed, --days and date give visitor n the same story whatever --users says, and
// messageIds are "demo-<seed>-<visitor>-<n>". The story covers whole UTC days up to
// today and is cut at the current time, so running it again with the same seed
// stores nothing twice (later the same day, only what "happened" since).
// The messages go through the same path as `import` (writeRawMessages).
import { fail } from "./output";
import { requireProject, writeRawMessages, type RawItem, type WriteSummary } from "./import";
import { Progress } from "./progress";

// ---------------------------------------------------------------- randomness

/** mulberry32: a tiny, fast, well-spread 32-bit PRNG; floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a 32-bit number from text, to seed the PRNG. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

class Random {
  constructor(readonly next: () => number) {}
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T extends { weight: number }>(items: readonly T[]): T {
    let total = 0;
    for (const item of items) total += item.weight;
    let r = this.next() * total;
    for (const item of items) {
      r -= item.weight;
      if (r < 0) return item;
    }
    return items[items.length - 1];
  }
  hex(length: number): string {
    let out = "";
    while (out.length < length) out += Math.floor(this.next() * 0x10000).toString(16).padStart(4, "0");
    return out.slice(0, length);
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

// ---------------------------------------------------------------- the shop

export const SITE = "https://shop.example.com";
const SHOP = "Crumb & Co.";

interface Country {
  code: string;
  weight: number;
  /** Public addresses that DB-IP places in this country (checked in tests/unit/seedDemo.test.ts). */
  ips: string[];
  locale: string;
  timezone: string;
  /** Hours from UTC, for the daily rhythm (daylight saving ignored). */
  offset: number;
}

export const COUNTRIES: readonly Country[] = [
  { code: "US", weight: 34, ips: ["8.8.8.8", "4.2.2.2", "23.235.60.1"], locale: "en-US", timezone: "America/New_York", offset: -5 },
  { code: "GB", weight: 12, ips: ["81.2.69.160", "212.58.244.20", "86.1.0.1", "92.40.0.1"], locale: "en-GB", timezone: "Europe/London", offset: 0 },
  { code: "DE", weight: 10, ips: ["85.214.132.117", "217.160.0.1", "193.99.144.80"], locale: "de-DE", timezone: "Europe/Berlin", offset: 1 },
  { code: "FR", weight: 7, ips: ["212.27.48.10", "90.84.0.1"], locale: "fr-FR", timezone: "Europe/Paris", offset: 1 },
  { code: "CA", weight: 7, ips: ["24.48.0.1", "142.112.0.1", "70.24.0.1"], locale: "en-CA", timezone: "America/Toronto", offset: -5 },
  { code: "IN", weight: 8, ips: ["49.44.0.1", "117.192.0.1", "14.139.0.1"], locale: "en-IN", timezone: "Asia/Kolkata", offset: 5.5 },
  { code: "BR", weight: 6, ips: ["200.160.2.3", "177.70.0.1", "189.1.0.1"], locale: "pt-BR", timezone: "America/Sao_Paulo", offset: -3 },
  { code: "AU", weight: 5, ips: ["203.2.218.1", "139.130.4.5", "121.200.0.1"], locale: "en-AU", timezone: "Australia/Sydney", offset: 10 },
  { code: "NL", weight: 4, ips: ["145.100.0.1", "194.109.6.66", "77.160.0.1"], locale: "nl-NL", timezone: "Europe/Amsterdam", offset: 1 },
  { code: "ES", weight: 4, ips: ["80.58.0.33", "83.47.0.1", "88.26.0.1"], locale: "es-ES", timezone: "Europe/Madrid", offset: 1 },
  { code: "JP", weight: 3, ips: ["133.242.0.1", "210.130.0.1", "126.0.0.1"], locale: "ja-JP", timezone: "Asia/Tokyo", offset: 9 },
];

type DeviceKind = "desktop" | "mobile" | "tablet";

export const DEVICES: readonly { kind: DeviceKind; weight: number; userAgent: string }[] = [
  { kind: "desktop", weight: 18, userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36" },
  { kind: "desktop", weight: 5, userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0" },
  { kind: "desktop", weight: 4, userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0" },
  { kind: "desktop", weight: 7, userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36" },
  { kind: "desktop", weight: 7, userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15" },
  { kind: "desktop", weight: 2, userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36" },
  { kind: "mobile", weight: 20, userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1" },
  { kind: "mobile", weight: 3, userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1" },
  { kind: "mobile", weight: 14, userAgent: "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36" },
  { kind: "mobile", weight: 5, userAgent: "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36" },
  { kind: "mobile", weight: 5, userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36" },
  { kind: "tablet", weight: 4, userAgent: "Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1" },
];

export const CRAWLERS: readonly string[] = [
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
];

interface Campaign {
  source: string;
  medium: string;
  name: string;
  term?: string;
  content?: string;
}

interface Channel {
  name: string;
  weight: number;
  referrer?: string;
  campaign?: Campaign;
  /** Where visitors from this channel land. */
  lands: "home" | "product" | "category" | "sale" | "blog";
}

const CHANNELS: readonly Channel[] = [
  { name: "direct", weight: 26, lands: "home" },
  { name: "google", weight: 26, referrer: "https://www.google.com/", lands: "product" },
  { name: "bing", weight: 4, referrer: "https://www.bing.com/", lands: "category" },
  { name: "google_ads", weight: 11, referrer: "https://www.google.com/", campaign: { source: "google", medium: "cpc", name: "brand_search", term: "crumb and co" }, lands: "category" },
  { name: "facebook", weight: 7, referrer: "https://www.facebook.com/", campaign: { source: "facebook", medium: "social", name: "autumn_drop", content: "carousel" }, lands: "product" },
  { name: "instagram", weight: 6, referrer: "https://l.instagram.com/", campaign: { source: "instagram", medium: "social", name: "autumn_drop", content: "story" }, lands: "product" },
  { name: "newsletter", weight: 9, campaign: { source: "newsletter", medium: "email", name: "weekly_picks" }, lands: "sale" },
  { name: "reddit", weight: 5, referrer: "https://www.reddit.com/r/BuyItForLife/", lands: "blog" },
  { name: "partner_blog", weight: 6, referrer: "https://www.thestylebrief.com/best-everyday-bags", lands: "product" },
];

interface Product {
  id: string;
  name: string;
  category: string;
  price: number;
  slug: string;
}

const CATALOG: [string, string, number][] = [
  ["Shoes", "Trail Runner Sneaker", 89],
  ["Shoes", "Canvas Low-Top", 49],
  ["Shoes", "Chelsea Boot", 139],
  ["Shoes", "Wool Slipper", 39],
  ["Bags", "Everyday Tote", 59],
  ["Bags", "Roll-Top Backpack", 119],
  ["Bags", "Leather Crossbody", 149],
  ["Bags", "Weekender Duffel", 179],
  ["Outerwear", "Packable Rain Jacket", 129],
  ["Outerwear", "Quilted Vest", 99],
  ["Outerwear", "Wool Overcoat", 249],
  ["Outerwear", "Fleece Half-Zip", 69],
  ["Knitwear", "Merino Crew Sweater", 89],
  ["Knitwear", "Cable-Knit Cardigan", 109],
  ["Knitwear", "Cashmere Beanie", 45],
  ["Accessories", "Organic Cotton Socks (3-pack)", 19],
  ["Accessories", "Leather Belt", 55],
  ["Accessories", "Canvas Cap", 29],
  ["Accessories", "Insulated Bottle", 32],
  ["Home", "Soy Candle", 24],
  ["Home", "Linen Throw", 79],
  ["Home", "Stoneware Mug Set", 36],
  ["Home", "Wool Blanket", 129],
  ["Home", "Gift Card", 50],
];

const slugOf = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

export const PRODUCTS: readonly Product[] = CATALOG.map(([category, name, price], i) => ({
  id: `sku-${1001 + i}`,
  name,
  category,
  price,
  slug: slugOf(name),
}));

const CATEGORIES = [...new Set(PRODUCTS.map((p) => p.category))];

const SEARCHES = ["sneakers", "rain jacket", "leather bag", "wool sweater", "gift", "socks", "backpack", "candle", "boots", "blanket", "beanie", "sale"];

const CONTENT_PAGES: readonly [string, string][] = [
  ["/about", "About us"],
  ["/help/shipping", "Shipping"],
  ["/help/returns", "Returns & exchanges"],
  ["/blog/caring-for-leather", "How to care for leather"],
  ["/blog/autumn-lookbook", "Autumn lookbook"],
];

const FIRST_NAMES = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Mia", "Leon", "Sofia", "Hugo", "Chloé", "Mateo", "Aarav", "Priya", "Yuki", "Haruto", "Ana", "João", "Lena", "Finn", "Isla", "Jack", "Zoe", "Omar", "Sara", "Daan", "Lucía", "Ethan", "Grace", "Ravi"];
const LAST_NAMES = ["Smith", "Müller", "Martin", "García", "Silva", "Sato", "Patel", "Jones", "de Vries", "Brown", "Dubois", "Schmidt", "Rossi", "Kumar", "Tanaka", "Wilson", "Taylor", "Costa", "Nguyen", "Walker"];

/** Hour-of-day weights in the visitor's local time: quiet nights, a lunch bump, busy evenings. */
const HOURS = [2, 1, 1, 1, 1, 2, 4, 7, 9, 10, 10, 11, 13, 12, 10, 10, 10, 11, 13, 16, 18, 17, 12, 6].map((weight, hour) => ({ hour, weight }));
/** Day-of-week factors, Sunday first (Date.getUTCDay): Sunday evening shopping, a quieter Saturday. */
const WEEKDAYS = [0.95, 1, 1, 0.95, 0.95, 0.85, 0.7];

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------- visitors

type Engagement = "loyal" | "casual" | "bouncer";

const ENGAGEMENT: readonly { level: Engagement; weight: number; returns: number; signUp: number; steps: number; cart: number; checkout: number; order: number }[] = [
  { level: "loyal", weight: 20, returns: 0.42, signUp: 0.6, steps: 6, cart: 0.45, checkout: 0.65, order: 0.7 },
  { level: "casual", weight: 48, returns: 0.12, signUp: 0.2, steps: 3, cart: 0.25, checkout: 0.5, order: 0.55 },
  { level: "bouncer", weight: 32, returns: 0.02, signUp: 0.02, steps: 0.6, cart: 0.06, checkout: 0.35, order: 0.4 },
];

export interface DemoOptions {
  users: number;
  days: number;
  seed: string;
  /** The clock: timestamps fall in the `days` days before it, none after. */
  now: number;
}

export const DEMO_DEFAULTS = { users: 500, days: 30, seed: "crumbtrail-demo" } as const;

export type DemoMessage = Record<string, unknown> & { messageId: string; type: string; timestamp: string };

interface Device {
  anonymousId: string;
  userAgent: string;
  kind: DeviceKind;
  /** The user is logged in on it. */
  loggedIn: boolean;
}

interface PageView {
  url: string;
  path: string;
  search: string;
  title: string;
  referrer: string;
}

/** Writes one visitor's messages in time order. */
class VisitorStory {
  readonly messages: DemoMessage[] = [];
  /** When each message happened, in ms. */
  private readonly times: number[] = [];
  private count = 0;
  private page: PageView | null = null;
  private t = 0;
  private device!: Device;
  readonly country: Country;
  private readonly ip: string;
  private userId: string | null = null;
  private readonly traits: { email: string; name: string; plan: string };

  constructor(
    private readonly rng: Random,
    private readonly idPrefix: string,
  ) {
    this.country = rng.weighted(COUNTRIES);
    this.ip = rng.pick(this.country.ips);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    this.traits = {
      email: `${slugOf(first.normalize("NFD").replace(/[\u0300-\u036f]/g, ""))}.${slugOf(last)}.${rng.int(10, 999)}@example.com`,
      name: `${first} ${last}`,
      plan: rng.chance(0.2) ? "plus" : "free",
    };
  }

  private nextId(): string {
    this.count += 1;
    return `${this.idPrefix}-${this.count}`;
  }

  private context(): Record<string, unknown> {
    const page = this.page!;
    return {
      page: { url: page.url, path: page.path, search: page.search, title: page.title, referrer: page.referrer },
      userAgent: this.device.userAgent,
      ip: this.ip,
      locale: this.country.locale,
      timezone: this.country.timezone,
      library: { name: "crumbtrail.js", version: "1" },
    };
  }

  private emit(message: Record<string, unknown>, campaign?: Campaign): void {
    this.t += this.rng.int(2, 12) * SECOND;
    const context = this.context();
    if (campaign) context.campaign = { ...campaign };
    const out: DemoMessage = {
      ...message,
      type: message.type as string,
      messageId: this.nextId(),
      anonymousId: this.device.anonymousId,
      timestamp: new Date(this.t).toISOString(),
      context,
    };
    if (this.userId && this.device.loggedIn) out.userId = this.userId;
    this.messages.push(out);
    this.times.push(this.t);
  }

  /** When the last message so far happened. */
  get lastTime(): number {
    return this.times.length ? this.times[this.times.length - 1] : 0;
  }

  /** The messages that happened by `now` (each visitor's are written in time order). */
  until(now: number): DemoMessage[] {
    let n = this.times.length;
    while (n > 0 && this.times[n - 1] > now) n -= 1;
    return n === this.messages.length ? this.messages : this.messages.slice(0, n);
  }

  /** Time reading the current page before the next action. */
  private linger(min: number, max: number): void {
    this.t += this.rng.int(min, max) * SECOND;
  }

  private visit(path: string, title: string, referrer: string, campaign?: Campaign): void {
    const [pathname, query = ""] = path.split("?");
    let search = query ? `?${query}` : "";
    if (campaign) {
      const utm = new URLSearchParams(query);
      utm.set("utm_source", campaign.source);
      utm.set("utm_medium", campaign.medium);
      utm.set("utm_campaign", campaign.name);
      if (campaign.term) utm.set("utm_term", campaign.term);
      if (campaign.content) utm.set("utm_content", campaign.content);
      search = `?${utm.toString()}`;
    }
    const fullTitle = `${title} | ${SHOP}`;
    this.page = { url: `${SITE}${pathname}${search}`, path: pathname, search, title: fullTitle, referrer };
    this.emit({ type: "page", name: fullTitle, properties: {} }, campaign);
  }

  private next(path: string, title: string): void {
    this.visit(path, title, this.page ? this.page.url : "");
  }

  private track(event: string, properties: Record<string, unknown>): void {
    this.emit({ type: "track", event, properties });
  }

  private identify(traits: Record<string, unknown>): void {
    this.device.loggedIn = true;
    this.emit({ type: "identify", userId: this.userId, traits });
  }

  private productViewed(product: Product): void {
    this.track("Product Viewed", { product_id: product.id, name: product.name, category: product.category, price: product.price, currency: "USD" });
  }

  private viewProduct(product: Product): void {
    this.next(`/products/${product.slug}`, product.name);
    this.productViewed(product);
    this.linger(10, 90);
  }

  private land(channel: Channel): Product[] {
    const viewed: Product[] = [];
    const referrer = channel.referrer ?? "";
    switch (channel.lands) {
      case "home":
        this.visit("/", "Everyday goods, made to last", referrer, channel.campaign);
        break;
      case "sale":
        this.visit("/sale", "Sale", referrer, channel.campaign);
        break;
      case "blog": {
        const [path, title] = this.rng.pick(CONTENT_PAGES.filter(([p]) => p.startsWith("/blog")));
        this.visit(path, title, referrer, channel.campaign);
        break;
      }
      case "category": {
        const category = this.rng.pick(CATEGORIES);
        this.visit(`/category/${slugOf(category)}`, category, referrer, channel.campaign);
        break;
      }
      case "product": {
        const product = this.rng.pick(PRODUCTS);
        this.visit(`/products/${product.slug}`, product.name, referrer, channel.campaign);
        this.productViewed(product);
        viewed.push(product);
        break;
      }
    }
    this.linger(5, 60);
    return viewed;
  }

  private browse(steps: number, viewed: Product[]): void {
    let category = this.rng.pick(CATEGORIES);
    for (let s = 0; s < steps; s++) {
      const r = this.rng.next();
      if (r < 0.45) {
        // Mostly within the category at hand, sometimes anywhere.
        const pool = this.rng.chance(0.7) ? PRODUCTS.filter((p) => p.category === category) : PRODUCTS;
        const product = this.rng.pick(pool);
        this.viewProduct(product);
        viewed.push(product);
      } else if (r < 0.7) {
        category = this.rng.pick(CATEGORIES);
        this.next(`/category/${slugOf(category)}`, category);
        this.linger(5, 40);
      } else if (r < 0.88) {
        const query = this.rng.pick(SEARCHES);
        const results = PRODUCTS.filter((p) => `${p.name} ${p.category}`.toLowerCase().includes(query.split(" ")[0].slice(0, 4))).length;
        this.next(`/search?q=${encodeURIComponent(query)}`, `Search: ${query}`);
        this.track("Products Searched", { query, results });
        this.linger(3, 30);
      } else {
        const [path, title] = this.rng.pick(CONTENT_PAGES);
        this.next(path, title);
        this.linger(20, 120);
      }
    }
  }

  private signUp(): void {
    this.userId = `user_${this.rng.hex(10)}`;
    this.next("/account/signup", "Create your account");
    this.linger(20, 90);
    const method = this.rng.weighted([
      { method: "email", weight: 6 },
      { method: "google", weight: 3 },
      { method: "apple", weight: 1 },
    ]).method;
    this.identify({ ...this.traits, signup_method: method, $set_once: { initial_country: this.country.code } });
    this.track("Signed Up", { method, plan: this.traits.plan });
    this.linger(3, 20);
  }

  private logIn(): void {
    this.next("/account/login", "Log in");
    this.linger(8, 40);
    this.identify({ email: this.traits.email, name: this.traits.name });
    this.track("Logged In", { method: "email" });
  }

  private buy(viewed: Product[], level: (typeof ENGAGEMENT)[number]): void {
    if (!viewed.length || !this.rng.chance(level.cart)) return;
    const cartId = `cart_${this.rng.hex(8)}`;
    const items: { product_id: string; name: string; category: string; price: number; quantity: number }[] = [];
    const add = (product: Product) => {
      const quantity = this.rng.chance(0.85) ? 1 : 2;
      items.push({ product_id: product.id, name: product.name, category: product.category, price: product.price, quantity });
      this.track("Added to Cart", { cart_id: cartId, product_id: product.id, name: product.name, category: product.category, price: product.price, quantity, currency: "USD" });
    };
    add(viewed[viewed.length - 1]);
    if (this.rng.chance(0.3)) {
      const other = this.rng.pick(PRODUCTS);
      this.viewProduct(other);
      add(other);
    }
    this.next("/cart", "Your cart");
    this.linger(10, 120);
    if (!this.rng.chance(level.checkout)) return;
    const value = Math.round(items.reduce((sum, item) => sum + item.price * item.quantity, 0) * 100) / 100;
    this.next("/checkout", "Checkout");
    this.track("Checkout Started", { cart_id: cartId, value, currency: "USD", products: items.length });
    this.linger(60, 300);
    if (!this.rng.chance(level.order)) return;
    const shipping = value >= 75 ? 0 : 6.95;
    const revenue = Math.round((value + shipping) * 100) / 100;
    this.track("Order Completed", {
      order_id: `order_${this.rng.hex(10)}`,
      cart_id: cartId,
      revenue,
      shipping,
      currency: "USD",
      items,
      products: items.length,
      payment_method: this.rng.pick(["card", "card", "card", "paypal", "apple_pay"]),
    });
    this.next("/checkout/thank-you", "Thank you for your order");
  }

  session(start: number, device: Device, channel: Channel, level: (typeof ENGAGEMENT)[number], plan: { signUp: boolean; logIn: boolean }): void {
    this.t = start;
    this.device = device;
    this.page = null;
    const viewed = this.land(channel);
    if (plan.logIn) this.logIn();
    // A geometric number of further steps around the level's mean.
    let steps = 0;
    while (this.rng.chance(level.steps / (level.steps + 1)) && steps < 25) steps += 1;
    this.browse(steps, viewed);
    if (plan.signUp) this.signUp();
    this.buy(viewed, level);
  }

  crawl(start: number, userAgent: string, anonymousId: string): void {
    this.t = start;
    this.device = { anonymousId, userAgent, kind: "desktop", loggedIn: false };
    this.page = null;
    this.visit("/", "Everyday goods, made to last", "");
    const pages = this.rng.int(3, 10);
    for (let i = 0; i < pages; i++) {
      const product = this.rng.pick(PRODUCTS);
      this.visit(`/products/${product.slug}`, product.name, "");
    }
  }
}

function deviceOf(rng: Random, kind?: DeviceKind): Device {
  const pool = kind ? DEVICES.filter((d) => d.kind === kind) : DEVICES;
  const device = rng.weighted(pool);
  return { anonymousId: rng.uuid(), userAgent: device.userAgent, kind: device.kind, loggedIn: false };
}

/** A session start on day `daysAgo` before `end` (a UTC midnight), at a local hour drawn from the daily rhythm. */
function sessionStart(rng: Random, end: number, daysAgo: number, offsetHours: number): number {
  const midnight = end - (daysAgo + 1) * DAY;
  const hour = rng.weighted(HOURS).hour;
  return midnight + (hour - offsetHours) * HOUR + rng.int(0, 59) * MINUTE + rng.int(0, 59) * SECOND + rng.int(0, 999);
}

function weekdayFactor(time: number): number {
  return WEEKDAYS[new Date(time).getUTCDay()];
}

/**
 * Every message of visitor `index` up to `options.now`. The story is written for
 * whole UTC days (the last one being today) from the seed, the index and the day
 * count alone, then cut at `now`: later on the same day the same visitor has the
 * same messages, with the same ids, plus what happened in between.
 */
export function visitorMessages(index: number, options: DemoOptions): DemoMessage[] {
  const seedTag = hashText(options.seed).toString(36);
  const end = (Math.floor(options.now / DAY) + 1) * DAY;
  const rng = new Random(mulberry32(hashText(`${options.seed}\u0000${index}`)));
  const story = new VisitorStory(rng, `demo-${seedTag}-${index}`);
  const country = story.country;
  const level = rng.weighted(ENGAGEMENT);
  const channel = rng.weighted(CHANNELS);
  const primary = deviceOf(rng);
  const willSignUp = rng.chance(level.signUp);
  const signUpAt = rng.weighted([
    { at: 0, weight: 5 },
    { at: 1, weight: 3 },
    { at: 2, weight: 2 },
  ]).at;
  const second = willSignUp && rng.chance(0.3) ? deviceOf(rng, primary.kind === "desktop" ? "mobile" : "desktop") : null;
  const days = Math.max(1, options.days);

  // First visit: more recent days a little more likely (a growing shop), weekdays busier.
  let firstDaysAgo = Math.min(days - 1, Math.floor(days * Math.pow(rng.next(), 1.15)));
  let firstStart = sessionStart(rng, end, firstDaysAgo, country.offset);
  for (let tries = 0; tries < 4 && !rng.chance(weekdayFactor(firstStart)); tries++) {
    firstDaysAgo = Math.min(days - 1, Math.floor(days * Math.pow(rng.next(), 1.15)));
    firstStart = sessionStart(rng, end, firstDaysAgo, country.offset);
  }

  const returning: Channel[] = [
    CHANNELS.find((c) => c.name === "direct")!,
    CHANNELS.find((c) => c.name === "newsletter")!,
    CHANNELS.find((c) => c.name === "google")!,
  ];
  let sessions = 0;
  let signedUp = false;
  let secondUsed = false;
  const run = (start: number, first: boolean) => {
    let device = primary;
    let logIn = false;
    if (signedUp && second && rng.chance(0.45)) {
      device = second;
      logIn = !secondUsed;
      secondUsed = true;
    }
    const signUp = willSignUp && !signedUp && sessions >= signUpAt;
    const via = first ? channel : rng.weighted(returning.map((c, i) => ({ c, weight: [6, signedUp ? 3 : 1, 2][i] }))).c;
    story.session(start, device, via, level, { signUp, logIn });
    if (signUp) signedUp = true;
    sessions += 1;
  };

  run(firstStart, true);
  for (let daysAgo = firstDaysAgo - 1; daysAgo >= 0; daysAgo--) {
    const age = firstDaysAgo - daysAgo;
    const start = sessionStart(rng, end, daysAgo, country.offset);
    // Returning fades with time since the first visit; members come back more.
    const p = level.returns * (0.3 + 0.7 * Math.exp(-age / 7)) * weekdayFactor(start) * (signedUp ? 1.5 : 1);
    if (!rng.chance(p) || start < story.lastTime + 30 * MINUTE) continue;
    run(start, false);
  }

  // Now and then a crawler walks the shop: counted as a bot, never stored. It draws
  // from a stream of its own so it never shifts the visitor's story.
  const crawlerRng = new Random(mulberry32(hashText(`${options.seed}\u0000${index}\u0000crawler`)));
  if (crawlerRng.chance(0.04)) {
    const crawler = new VisitorStory(crawlerRng, `demo-${seedTag}-${index}-crawler`);
    crawler.crawl(end - crawlerRng.int(1, days * 24) * HOUR, crawlerRng.pick(CRAWLERS), `crawler-${crawlerRng.hex(12)}`);
    return [...story.until(options.now), ...crawler.until(options.now)];
  }
  return story.until(options.now);
}

/** Every message of the demo, visitor by visitor; `onVisitor` hears how many visitors are done. */
export function* demoMessages(options: DemoOptions, onVisitor?: (done: number) => void): Generator<DemoMessage> {
  for (let i = 0; i < options.users; i++) {
    yield* visitorMessages(i, options);
    onVisitor?.(i + 1);
  }
}

function positiveInt(value: string | boolean | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) fail(`--${name} must be a whole number from 1 to ${max.toLocaleString("en-US")}`);
  return n;
}

export async function seedDemoCommand(options: {
  projectId: string;
  users?: string | boolean;
  days?: string | boolean;
  seed?: string | boolean;
}): Promise<WriteSummary> {
  const users = positiveInt(options.users, "users", DEMO_DEFAULTS.users, 1_000_000);
  const days = positiveInt(options.days, "days", DEMO_DEFAULTS.days, 3650);
  const seed = typeof options.seed === "string" && options.seed.trim() ? options.seed.trim() : DEMO_DEFAULTS.seed;
  await requireProject(options.projectId);

  const demo: DemoOptions = { users, days, seed, now: Date.now() };
  let visitors = 0;
  let line = 0;
  const items = (function* (): Generator<RawItem> {
    for (const message of demoMessages(demo, (done) => (visitors = done))) yield { line: ++line, message };
  })();
  const progress = new Progress({ label: "seeding", unit: "messages" });
  try {
    return await writeRawMessages(options.projectId, items, { onProgress: (read) => progress.update(visitors / users, read) });
  } finally {
    progress.stop();
  }
}
