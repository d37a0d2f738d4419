// "Test your tracking" (API.md 7): for each step of a checklist, the first
// stored event that performs it since the test started, from one person or
// carrying one browser's test token ($test_session, set by /sdk.js).
import { sql } from "kysely";
import type { ReportContext } from "./context";
import { storedInstant } from "./instant";
import { personIdOf } from "./users";

/** A step: one event name, or any event of the project's own (a name not starting with "$"). */
export type StepMatch = { event: string } | { customEvent: true };

/** Whose events count: everyone's, one distinct id's person, or one test session's. */
export type TestAudience = { kind: "anyone" } | { kind: "distinctId"; distinctId: string } | { kind: "testSession"; token: string };

export interface Arrival {
  event: string;
  messageId: string;
  distinctId: string;
  timestamp: string;
  receivedAt: string;
}

/** The property the browser SDK puts its test token in. */
export const TEST_SESSION_PROPERTY = "$test_session";

/**
 * How far before the test's start an event's own time may lie: a client clock
 * a little behind still counts (the event must also have been received since).
 * It bounds `ts`, which the events indexes lead with.
 */
const CLOCK_SLACK_MS = 10 * 60_000;

/** The first arrival of each step (null while none), in the steps' order. */
export async function firstArrivals(ctx: ReportContext, steps: StepMatch[], since: number, audience: TestAudience): Promise<(Arrival | null)[]> {
  let personId: number | null = null;
  if (audience.kind === "distinctId") {
    // A distinct id stands for its whole person, as on the Live page: stitched ids' events count.
    personId = await personIdOf(ctx, audience.distinctId);
    if (personId === null) return steps.map(() => null);
  }
  return Promise.all(
    steps.map(async (step) => {
      let query = ctx.db
        .selectFrom("events as e")
        .select(["e.event", "e.message_id", "e.distinct_id", "e.ts", "e.received_at"])
        .where("e.project_id", "=", ctx.projectId)
        .where("e.ts", ">=", since - CLOCK_SLACK_MS)
        .where("e.received_at", ">=", since);
      query = "event" in step ? query.where("e.event", "=", step.event) : query.where(sql<boolean>`substr(e.event, 1, 1) <> ${"$"}`);
      if (personId !== null) query = query.where("e.person_id", "=", personId);
      if (audience.kind === "testSession") {
        const carriesToken = ctx.dialect.isTrue(ctx.dialect.equals(sql.ref("e.properties"), TEST_SESSION_PROPERTY, audience.token));
        query = query.where(sql<boolean>`${carriesToken}`);
      }
      const row = await query.orderBy("e.ts").orderBy("e.id").limit(1).executeTakeFirst();
      return row
        ? { event: row.event, messageId: row.message_id, distinctId: row.distinct_id, timestamp: storedInstant(row.ts), receivedAt: storedInstant(row.received_at) }
        : null;
    }),
  );
}

/** Which kinds of first event a project has had, from its catalog (cheap: no scan of events). */
export interface FirstEventKinds {
  pageview: boolean;
  identify: boolean;
  custom: boolean;
}

export async function firstEventKinds(ctx: Pick<ReportContext, "db" | "projectId">): Promise<FirstEventKinds> {
  const result = await sql<{ pageview: number | boolean | null; identify: number | boolean | null; custom: number | boolean | null }>`
    SELECT
      EXISTS (SELECT 1 FROM event_definitions WHERE project_id = ${ctx.projectId} AND name = ${"$pageview"}) AS pageview,
      EXISTS (SELECT 1 FROM event_definitions WHERE project_id = ${ctx.projectId} AND name = ${"$identify"}) AS identify,
      EXISTS (SELECT 1 FROM event_definitions WHERE project_id = ${ctx.projectId} AND substr(name, 1, 1) <> ${"$"} AND name <> ${"__health__"}) AS custom`.execute(ctx.db);
  const row = result.rows[0];
  return { pageview: Boolean(row?.pageview), identify: Boolean(row?.identify), custom: Boolean(row?.custom) };
}
