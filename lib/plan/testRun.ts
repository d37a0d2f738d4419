// "Test your tracking" (API.md 7): a checklist of steps (a funnel's, or a
// list of events), each ticked by the first event that performs it since the
// test started, with the plan violations that event's messages brought.
import { z } from "zod";
import { parseInput } from "../http/parse";
import { reportContext } from "../query/context";
import { firstArrivals, TEST_SESSION_PROPERTY, type Arrival, type StepMatch, type TestAudience } from "../query/testArrivals";
import { listViolations, type ViolationSample } from "../store/trackingPlan";

/** The step that any event of the project's own performs (a name not starting with "$"). */
export const CUSTOM_EVENT_STEP = "*";
export const MAX_STEPS = 20;
/** How far back a test may start: as far as violations and the quarantine keep samples. */
const MAX_TEST_AGE_MS = 7 * 86_400_000;
/** A test token: what /sdk.js reads from ?crumbtrail_test= (letters, digits, "_" and "-"). */
export const TEST_TOKEN = /^[\w-]{8,64}$/;

const instant = z.union([z.iso.datetime({ offset: true }), z.string().regex(/^\d{1,16}$/)]).transform((v) => (/^\d+$/.test(v) ? Number(v) : Date.parse(v)));

export const testRunQuerySchema = z
  .object({
    step: z.array(z.string().trim().min(1).max(200)).min(1, "give at least one step").max(MAX_STEPS, `at most ${MAX_STEPS} steps`),
    since: instant,
    distinctId: z.string().min(1).max(200).optional(),
    testSession: z.string().regex(TEST_TOKEN, "must be 8 to 64 letters, digits, _ or -").optional(),
  })
  .refine((q) => !(q.distinctId && q.testSession), { message: "give distinctId or testSession, not both", path: ["distinctId"] })
  // A test looks at what just arrived: a bound on `since` keeps "*" (any event of your own) an index range, not a scan of the project.
  .refine((q) => q.since >= Date.now() - MAX_TEST_AGE_MS, { message: "must be within the last 7 days", path: ["since"] });

export type TestRunQuery = z.output<typeof testRunQuerySchema>;

/** The route's query string (`step` repeated), checked; a 400 `invalid_query` says what is wrong. */
export function parseTestRunQuery(params: URLSearchParams): TestRunQuery {
  const input: Record<string, unknown> = { step: params.getAll("step") };
  for (const key of ["since", "distinctId", "testSession"]) {
    const value = params.get(key);
    if (value !== null) input[key] = value;
  }
  return parseInput(testRunQuerySchema, input, "invalid_query");
}

export interface StepViolation {
  property: string | null;
  type: string;
  /** Messages of this test that broke the plan this way (among the latest samples kept). */
  count: number;
}

export interface StepResult {
  step: string;
  /**
   * "arrived": an event performing it was stored; "blocked": only blocked ones
   * came (the plan keeps them in its quarantine); "waiting": none yet.
   */
  status: "arrived" | "blocked" | "waiting";
  arrival: Arrival | null;
  violations: StepViolation[];
}

export interface TestRunAnswer {
  since: string;
  steps: StepResult[];
}

function stepMatch(step: string): StepMatch {
  return step === CUSTOM_EVENT_STEP ? { customEvent: true } : { event: step };
}

function audienceOf(query: TestRunQuery): TestAudience {
  if (query.distinctId) return { kind: "distinctId", distinctId: query.distinctId };
  if (query.testSession) return { kind: "testSession", token: query.testSession };
  return { kind: "anyone" };
}

/** Whether a violation's sample comes from this test (violations keep their latest samples, as sent). */
function fromThisTest(sample: ViolationSample, since: number, audience: TestAudience): boolean {
  if (Date.parse(sample.receivedAt) < since) return false;
  if (audience.kind === "distinctId") return sample.distinctId === audience.distinctId;
  if (audience.kind === "testSession") return sample.properties?.[TEST_SESSION_PROPERTY] === audience.token;
  return true;
}

function stepOwns(step: StepMatch, event: string): boolean {
  return "event" in step ? step.event === event : !event.startsWith("$");
}

export async function runTrackingTest(project: { id: string; timezone: string }, query: TestRunQuery, now = Date.now()): Promise<TestRunAnswer> {
  const audience = audienceOf(query);
  const steps = query.step.map(stepMatch);
  const [arrivals, violationRows] = await Promise.all([
    firstArrivals(reportContext(project), steps, query.since, audience),
    listViolations(project.id, { from: query.since, to: now }),
  ]);
  return {
    since: new Date(query.since).toISOString(),
    steps: query.step.map((name, i) => {
      const violations: StepViolation[] = [];
      for (const row of violationRows) {
        if (!stepOwns(steps[i], row.event)) continue;
        const count = row.samples.filter((s) => fromThisTest(s, query.since, audience)).length;
        if (count) violations.push({ property: row.property, type: row.type, count });
      }
      const arrival = arrivals[i];
      return { step: name, status: arrival ? "arrived" : violations.length ? "blocked" : "waiting", arrival, violations };
    }),
  };
}
