// "Test your tracking" (API.md 7) on a real server: the test route ticks each
// step by the first event since the test started, for one distinct id or one
// browser's $test_session, with that test's violations, and refuses bad input.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createProject, createUser, http, track, uniqueId, type Account, type HttpAnswer, type ProjectKeys } from "../support/api";
import { startServer, type TestServer } from "../support/server";

const PLAN = {
  mode: { unplannedEvents: "flag", invalidEvents: "block", unplannedProperties: "allow" },
  events: {
    "Signed Up": { properties: { plan: { type: "string", enum: ["free", "pro"], required: true } } },
    "Order Completed": { properties: { revenue: { type: "number", minimum: 0, required: true } } },
  },
};

interface Step {
  step: string;
  status: string;
  arrival: { event: string; distinctId: string } | null;
  violations: { property: string | null; type: string; count: number }[];
}

describe("test your tracking", () => {
  let server: TestServer;
  let owner: Account;
  let p: ProjectKeys;

  before(async () => {
    server = await startServer({ label: "plan-test" });
    owner = await createUser(server);
    p = await createProject(server, owner.email, "Checklist");
    const put = await http(`${server.url}/api/projects/${p.projectId}/tracking-plan`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${p.secretKey}` },
      body: JSON.stringify(PLAN),
    });
    assert.equal(put.status, 200, put.text);
  });
  after(async () => {
    await server?.stop();
  });

  const check = (query: string): Promise<HttpAnswer> =>
    http(`${server.url}/api/projects/${p.projectId}/tracking-plan/test?${query}`, { headers: { Authorization: `Bearer ${p.secretKey}` } });
  const steps = async (query: string): Promise<Step[]> => {
    const answer = await check(query);
    assert.equal(answer.status, 200, answer.text);
    return (answer.body as { steps: Step[] }).steps;
  };
  const send = async (messages: object[]) => {
    const answer = await track(server.url, { batch: messages }, { writeKey: p.writeKey });
    assert.equal(answer.status, 200, answer.text);
  };

  test("each step ticks for the distinct id under test only, from the test's start", async () => {
    const before = await track(server.url, { batch: [{ type: "page", userId: "tester", name: "Home" }] }, { writeKey: p.writeKey });
    assert.equal(before.status, 200);
    await new Promise((r) => setTimeout(r, 20));
    const since = Date.now();
    const query = `step=%24pageview&step=Signed+Up&step=Order+Completed&step=*&since=${since}&distinctId=tester`;
    let answer = await steps(query);
    assert.deepEqual(
      answer.map((s) => s.status),
      ["waiting", "waiting", "waiting", "waiting"],
      "an event from before the test does not count",
    );
    await send([
      { type: "page", userId: "tester", name: "Pricing" },
      { type: "track", event: "Signed Up", userId: "someone-else", properties: { plan: "pro" } },
    ]);
    answer = await steps(query);
    assert.deepEqual(
      answer.map((s) => s.status),
      ["arrived", "waiting", "waiting", "waiting"],
    );
    assert.equal(answer[0].arrival?.distinctId, "tester");
    await send([
      { type: "track", event: "Signed Up", userId: "tester", properties: { plan: "gold" } },
      { type: "track", event: "Order Completed", userId: "tester", properties: { revenue: 12 } },
    ]);
    answer = await steps(query);
    // An invalid sign-up is blocked by this plan: the step shows it came, and why it was not stored.
    assert.deepEqual(
      answer.map((s) => s.status),
      ["arrived", "blocked", "arrived", "arrived"],
    );
    assert.deepEqual(answer[1].violations, [{ property: "plan", type: "not_allowed_value", count: 1 }]);
    assert.deepEqual(answer[2].violations, []);
    assert.equal(answer[3].arrival?.event !== undefined && !answer[3].arrival.event.startsWith("$"), true, "* is any event of the project's own");
  });

  test("a test session ticks the events carrying its token, whoever sent them", async () => {
    const token = uniqueId("tok").replace(/[^\w-]/g, "");
    const since = Date.now();
    const query = `step=Order+Completed&step=Signed+Up&since=${new Date(since).toISOString()}&testSession=${token}`;
    await send([
      { type: "track", event: "Order Completed", anonymousId: "a-browser", properties: { revenue: 5 } },
      { type: "track", event: "Order Completed", anonymousId: "a-browser", properties: { revenue: -1, $test_session: token } },
      { type: "track", event: "Signed Up", anonymousId: "b-browser", properties: { plan: "free", $test_session: "another-token" } },
    ]);
    const answer = await steps(query);
    assert.deepEqual(
      answer.map((s) => s.status),
      ["blocked", "waiting"],
    );
    assert.deepEqual(answer[0].violations, [{ property: "revenue", type: "not_allowed_value", count: 1 }]);
    await send([{ type: "track", event: "Order Completed", anonymousId: "a-browser", properties: { revenue: 5, $test_session: token } }]);
    const later = await steps(query);
    assert.equal(later[0].status, "arrived");
    assert.equal(later[0].arrival?.distinctId, "a-browser");
  });

  test("page and screen views are checked when the plan names them", async () => {
    const q = await createProject(server, owner.email, "Views");
    const put = await http(`${server.url}/api/projects/${q.projectId}/tracking-plan`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${q.secretKey}` },
      body: JSON.stringify({ mode: { unplannedEvents: "block" }, events: { Pricing: { properties: { plan: { type: "string", enum: ["free", "pro"] } } } } }),
    });
    assert.equal(put.status, 200, put.text);
    const answer = await track(
      server.url,
      {
        batch: [
          { type: "page", userId: "v", name: "Pricing", properties: { plan: "gold" } },
          { type: "page", userId: "v", name: "Pricing", properties: { plan: "pro" } },
          { type: "page", userId: "v", name: "Home" },
          { type: "screen", userId: "v", name: "Settings" },
        ],
      },
      { writeKey: q.writeKey },
    );
    assert.equal(answer.status, 200, answer.text);
    // A view the plan does not name is never unplanned, even when unplanned events are blocked.
    assert.equal(answer.body.accepted, 4);
    assert.equal(answer.body.violations, 1);
    const listed = await http(`${server.url}/api/projects/${q.projectId}/tracking-plan/violations`, { headers: { Authorization: `Bearer ${q.secretKey}` } });
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(
      (listed.body.violations as { event: string; property: string; type: string; count: number }[]).map(({ event, property, type, count }) => ({ event, property, type, count })),
      [{ event: "$pageview", property: "plan", type: "not_allowed_value", count: 1 }],
    );
  });

  test("bad input is a 400 that says what is wrong", async () => {
    for (const [query, pattern] of [
      [`since=${Date.now()}`, /step/],
      ["step=A", /since/],
      [`step=A&since=yesterday`, /since/],
      [`step=A&since=0`, /since must be within the last 7 days/],
      [`step=A&since=${Date.now()}&testSession=<script>`, /testSession/],
      [`step=A&since=${Date.now()}&testSession=abcdefgh&distinctId=x`, /not both/],
      [`${Array.from({ length: 21 }, (_, i) => `step=E${i}`).join("&")}&since=${Date.now()}`, /at most 20/],
    ] as const) {
      const answer = await check(query);
      assert.equal(answer.status, 400, `${query}: ${answer.text}`);
      assert.equal(answer.body.error.code, "invalid_query");
      assert.match(answer.body.error.message, pattern);
    }
  });
});
