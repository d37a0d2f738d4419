import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { writeRawMessages, type GroupSink, type RawItem } from "../../lib/cli/import";
import { COUNTRIES, CRAWLERS, DEVICES, demoMessages, hashText, mulberry32, visitorMessages, type DemoMessage, type DemoOptions } from "../../lib/cli/seedDemo";
import { countryOf, parseUserAgent } from "../../lib/ingest/enrich";
import type { NormalizedMessage } from "../../lib/ingest/normalize";
import { checkMessage } from "../../lib/ingest/validate";
import type { WriteRequest } from "../../lib/store/eventStore";

const NOW = Date.parse("2026-03-18T16:20:00.000Z");
const DAY = 24 * 3600 * 1000;
const OPTIONS: DemoOptions = { users: 300, days: 30, seed: "unit-test-seed", now: NOW };

const messages = [...demoMessages(OPTIONS)];
const isBot = (m: DemoMessage) => parseUserAgent(String((m.context as { userAgent: string }).userAgent)).bot;
const humans = messages.filter((m) => !isBot(m));

/** Persons as the identity rules of API.md 2.4 make them: identify joins anonymousId to userId. */
function personOf(all: DemoMessage[]): (m: DemoMessage) => string {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.has(root)) root = parent.get(root)!;
    return root;
  };
  for (const m of all) {
    if (m.type === "identify" && m.userId && m.anonymousId) {
      const [a, b] = [find(String(m.anonymousId)), find(String(m.userId))];
      if (a !== b) parent.set(a, b);
    }
  }
  return (m) => find(String(m.userId ?? m.anonymousId));
}

function personsWith(event: string): number {
  const person = personOf(messages);
  return new Set(humans.filter((m) => m.event === event).map(person)).size;
}

describe("seed:demo generator", () => {
  test("mulberry32 is deterministic and spread over [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const draws = Array.from({ length: 1000 }, () => a());
    assert.deepEqual(draws, Array.from({ length: 1000 }, () => b()));
    assert.ok(draws.every((x) => x >= 0 && x < 1));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
    assert.notEqual(hashText("a"), hashText("b"));
  });

  test("the same seed gives the same messages; another seed gives other ones", () => {
    assert.deepEqual([...demoMessages(OPTIONS)], messages);
    const other = [...demoMessages({ ...OPTIONS, seed: "another seed" })];
    const ids = new Set(messages.map((m) => m.messageId));
    assert.ok(other.every((m) => !ids.has(m.messageId)), "another seed must not reuse messageIds");
    assert.notDeepEqual(other.map((m) => m.anonymousId), messages.map((m) => m.anonymousId));
  });

  test("a visitor's messages depend on the seed and its number, not on how many visitors there are", () => {
    const fewer = [...demoMessages({ ...OPTIONS, users: 40 })];
    assert.deepEqual(fewer, messages.slice(0, fewer.length));
    assert.deepEqual(visitorMessages(7, OPTIONS), visitorMessages(7, { ...OPTIONS, users: 5 }));
  });

  test("a later run on the same day repeats every earlier message and adds only what happened since", () => {
    const later = [...demoMessages({ ...OPTIONS, now: NOW + 3 * 3600 * 1000 })];
    const laterById = new Map(later.map((m) => [m.messageId, m]));
    for (const m of messages) assert.deepEqual(laterById.get(m.messageId), m);
    const added = later.filter((m) => !messages.some((e) => e.messageId === m.messageId));
    assert.ok(added.length > 0, "three more hours bring more traffic");
    assert.ok(added.every((m) => Date.parse(m.timestamp) > NOW));
  });

  test("every message has a unique messageId and passes the ingestion checks", () => {
    assert.ok(messages.length > 3000, `only ${messages.length} messages`);
    assert.equal(new Set(messages.map((m) => m.messageId)).size, messages.length);
    messages.forEach((m, i) => {
      const checked = checkMessage(m, i, false);
      assert.ok(checked.ok, `message ${i} is invalid: ${JSON.stringify(checked.ok ? null : checked.error)}`);
    });
  });

  test("timestamps lie in the last D days, never in the future, and each visitor's are in order", () => {
    const times = messages.map((m) => Date.parse(m.timestamp));
    assert.ok(Math.max(...times) <= NOW, "no timestamp after now");
    assert.ok(Math.min(...times) >= NOW - (OPTIONS.days + 1) * DAY, "no timestamp before the window");
    const days = new Set(times.map((t) => Math.floor(t / DAY)));
    assert.ok(days.size >= OPTIONS.days - 1, `events on only ${days.size} days`);
    for (let i = 0; i < 20; i++) {
      const own = visitorMessages(i, OPTIONS)
        .filter((m) => !isBot(m))
        .map((m) => Date.parse(m.timestamp));
      assert.deepEqual(own, [...own].sort((a, b) => a - b), `visitor ${i} out of order`);
    }
    // A daily rhythm: the busiest UTC hour sees clearly more than the quietest.
    const hours = new Array(24).fill(0);
    for (const t of times) hours[new Date(t).getUTCHours()] += 1;
    assert.ok(Math.max(...hours) > 2 * Math.min(...hours), `flat hours: ${hours.join(" ")}`);
  });

  test("page views carry context.page, a user agent and an IP; some carry UTM campaigns", () => {
    const pages = humans.filter((m) => m.type === "page");
    assert.ok(pages.length > messages.length / 3);
    for (const m of pages) {
      const context = m.context as { page: Record<string, string>; userAgent: string; ip: string };
      assert.match(context.page.url, /^https:\/\/shop\.example\.com\//);
      assert.equal(context.page.path, new URL(context.page.url).pathname);
      assert.equal(typeof context.page.title, "string");
      assert.equal(typeof context.page.referrer, "string");
      assert.ok(context.userAgent && context.ip);
    }
    const campaigns = pages.filter((m) => (m.context as { campaign?: { source: string } }).campaign);
    assert.ok(campaigns.length > 10);
    assert.ok(new Set(campaigns.map((m) => (m.context as { campaign: { source: string } }).campaign.source)).size >= 3);
    assert.ok(pages.some((m) => (m.context as { page: { referrer: string } }).page.referrer.startsWith("https://www.google.com")));
  });

  test("every IP is placed in its country by the geo database, and visitors come from many countries", () => {
    for (const country of COUNTRIES) {
      for (const ip of country.ips) assert.equal(countryOf(ip), country.code, `${ip} should be in ${country.code}`);
    }
    const seen = new Set(humans.map((m) => countryOf(String((m.context as { ip: string }).ip))));
    assert.ok(seen.size >= 6, `only ${[...seen].join(", ")}`);
  });

  test("browsers are real desktop and mobile ones; crawlers are recognised as bots", () => {
    for (const device of DEVICES) {
      const parsed = parseUserAgent(device.userAgent);
      assert.equal(parsed.bot, false, device.userAgent);
      assert.equal(parsed.deviceType, device.kind, device.userAgent);
      assert.ok(parsed.browser && parsed.os, device.userAgent);
    }
    for (const ua of CRAWLERS) assert.equal(parseUserAgent(ua).bot, true, ua);
    const kinds = new Set(humans.map((m) => parseUserAgent(String((m.context as { userAgent: string }).userAgent)).deviceType));
    assert.ok(kinds.has("desktop") && kinds.has("mobile"), [...kinds].join(", "));
    assert.ok(messages.some(isBot), "a few crawler visits are expected");
  });

  test("the shop funnel drops off at every step", () => {
    const steps = ["Product Viewed", "Added to Cart", "Checkout Started", "Order Completed"].map(personsWith);
    for (let i = 1; i < steps.length; i++) {
      assert.ok(steps[i] > 0, `nobody reached step ${i + 1}: ${steps.join(" > ")}`);
      assert.ok(steps[i] < steps[i - 1], `no drop-off at step ${i + 1}: ${steps.join(" > ")}`);
    }
    assert.ok(personsWith("Products Searched") > 0);
    const order = humans.find((m) => m.event === "Order Completed")!;
    const props = order.properties as { revenue: number; currency: string; items: { product_id: string; price: number; quantity: number }[] };
    assert.equal(typeof props.revenue, "number");
    assert.equal(props.currency, "USD");
    assert.ok(props.items.length >= 1 && props.items.every((item) => typeof item.product_id === "string" && item.price > 0 && item.quantity >= 1));
    const viewed = humans.find((m) => m.event === "Product Viewed")!.properties as Record<string, unknown>;
    assert.deepEqual(Object.keys(viewed).sort(), ["category", "currency", "name", "price", "product_id"]);
  });

  test("sign-ups identify with traits and join the visitor's anonymous history", () => {
    const identifies = humans.filter((m) => m.type === "identify");
    assert.ok(personsWith("Signed Up") > 10);
    const joining = identifies.filter((m) => {
      const anonymousBefore = humans.some(
        (e) => e.anonymousId === m.anonymousId && !e.userId && Date.parse(e.timestamp) < Date.parse(m.timestamp),
      );
      return m.userId && m.anonymousId && anonymousBefore;
    });
    assert.ok(joining.length >= 10, `only ${joining.length} identify messages join an anonymous history`);
    const signUpTraits = identifies.map((m) => m.traits as Record<string, unknown>).filter((t) => t.plan);
    assert.ok(signUpTraits.length > 0);
    for (const traits of signUpTraits) {
      assert.match(String(traits.email), /^[a-z0-9.-]+@example\.com$/);
      assert.equal(typeof traits.name, "string");
      assert.ok(["free", "plus"].includes(String(traits.plan)));
    }
  });

  test("some users come back on later days, and some use several devices, each identified", () => {
    const person = personOf(messages);
    const daysOf = new Map<string, Set<number>>();
    for (const m of humans) {
      const days = daysOf.get(person(m)) ?? new Set<number>();
      days.add(Math.floor(Date.parse(m.timestamp) / DAY));
      daysOf.set(person(m), days);
    }
    const returning = [...daysOf.values()].filter((days) => days.size >= 2).length;
    assert.ok(returning > daysOf.size * 0.15, `${returning} of ${daysOf.size} persons returned`);

    const devicesOf = new Map<string, Set<string>>();
    for (const m of humans.filter((m) => m.type === "identify")) {
      const set = devicesOf.get(String(m.userId)) ?? new Set<string>();
      set.add(String(m.anonymousId));
      devicesOf.set(String(m.userId), set);
    }
    const multiDevice = [...devicesOf.values()].filter((set) => set.size >= 2);
    assert.ok(multiDevice.length >= 3, `only ${multiDevice.length} users on several devices`);
    // Every anonymous id of such a user has events of its own before it is joined.
    for (const ids of multiDevice) {
      for (const id of ids) assert.ok(humans.some((m) => m.anonymousId === id && m.type === "page"));
    }
  });

  test("goes through the import path: all valid, crawlers counted as bots, in groups", async () => {
    const groups: WriteRequest[] = [];
    const sink: GroupSink = {
      async writeGroup(requests) {
        groups.push(...requests);
        return requests.map((r) => ({ accepted: r.messages.length, duplicates: 0, refused: [] }));
      },
    };
    const items: RawItem[] = messages.map((message, i) => ({ line: i + 1, message }));
    const summary = await writeRawMessages("project-1", items, { sink, groupSize: 1000 });
    assert.equal(summary.invalid, 0, JSON.stringify(summary.invalidLines));
    assert.equal(summary.bots, messages.length - humans.length);
    assert.equal(summary.imported, humans.length);
    assert.ok(groups.length >= Math.floor(humans.length / 1000));
    assert.ok(groups.every((g) => g.projectId === "project-1" && g.messages.length <= 1000));
    const stored: NormalizedMessage[] = groups.flatMap((g) => g.messages);
    assert.deepEqual(stored.map((m) => m.messageId), humans.map((m) => m.messageId));
    assert.ok(stored.every((m) => m.ip === null), "IPs are dropped after enrichment");
    assert.ok(stored.filter((m) => m.event === "$pageview").every((m) => m.columns.path && m.columns.country && m.columns.browser));
    assert.ok(stored.some((m) => m.columns.utmSource));
  });

  test("500 users over 30 days are generated in a few seconds", () => {
    const started = performance.now();
    let count = 0;
    for (const _ of demoMessages({ users: 500, days: 30, seed: "speed", now: NOW })) count += 1;
    const seconds = (performance.now() - started) / 1000;
    assert.ok(count > 5000, `only ${count} messages`);
    assert.ok(seconds < 10, `took ${seconds.toFixed(1)} s`);
  });
});
