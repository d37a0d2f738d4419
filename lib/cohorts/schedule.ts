// Background recomputation of dynamic cohorts inside the server process,
// started once from instrumentation.ts. Each project has its own interval
// (Settings; null falls back to CRUMBTRAIL_COHORT_RECOMPUTE_MINUTES, default
// 15): the timer ticks every minute (or at the default interval when that is
// shorter) and recomputes the cohorts whose last computation is that old, so a
// cohort computed by a save or "Recompute now" waits a whole interval again.
// One timer, unref'd; a run is never overlapped by the next tick; a cohort
// that fails is logged and the others go on; cohorts that include others come
// after them. Each computation stores its webhook deliveries, and static
// cohorts with destinations are re-synced on the same interval (a merge or an
// erasure changes who their ids name). Stopped with the server
// (lib/server/gracefulStop.ts).
import { connections } from "../db";
import { computeCohort } from "./index";
import { referencedCohorts, matchSchema } from "./definition";
import { dependencyOrder } from "./order";
import { defaultRecomputeMs, projectRecomputeMs } from "./recomputeInterval";
import { kickDeliveries, stopDeliveries, syncAfterComputation } from "./sync";

/** The longest the timer waits between looks: a project's interval is kept to about this. */
const MAX_TICK_MS = 60_000;
/** How long a stop waits for the cohort being computed before letting the server go. */
const STOP_WAIT_MS = 3_000;

interface ScheduleState {
  timer: NodeJS.Timeout;
  run: Promise<void> | null;
  stopped: boolean;
}

const STATE = Symbol.for("crumbtrail.cohortSchedule");
const holder = globalThis as { [STATE]?: ScheduleState };

type Log = (line: string) => void;

/** The server's default interval (kept for callers and tests that read it). */
export function recomputeIntervalMs(env: Readonly<Record<string, string | undefined>> = process.env): number {
  return defaultRecomputeMs(env);
}

/** How often the timer looks for cohorts that are due. */
export function tickMs(serverDefaultMs: number): number {
  return Math.min(serverDefaultMs, MAX_TICK_MS);
}

/**
 * Whether a computation (or sync) from `last` is due again at `now`. Half a
 * tick of slack: a tick that comes a moment before the interval is up would
 * otherwise push the cohort a whole tick later every time.
 */
export function isDue(last: Date | null | undefined, now: number, intervalMs: number, tick: number): boolean {
  return !last || now - last.getTime() >= intervalMs - tick / 2;
}

/** When each synced static cohort was last re-synced by this process. */
const lastStaticSync = new Map<string, Date>();

interface PassOptions {
  shouldStop?: () => boolean;
  /** The server's default interval; a project without its own setting uses it. */
  serverDefaultMs?: number;
  now?: number;
  /** Every cohort, due or not (tests, and a pass asked for by hand). */
  all?: boolean;
}

/** One pass: every due dynamic cohort of every project, includes first. */
export async function recomputeAll(log: Log, options: PassOptions | (() => boolean) = {}): Promise<{ computed: number; failed: number }> {
  const { shouldStop = () => false, serverDefaultMs = defaultRecomputeMs(), now = Date.now(), all = false } = typeof options === "function" ? { shouldStop: options } : options;
  const tick = tickMs(serverDefaultMs);
  const { prisma } = connections();
  const rows = await prisma.cohort.findMany({
    select: { id: true, projectId: true, kind: true, definition: true, name: true, computedAt: true, project: { select: { cohortRecomputeMinutes: true } } },
    orderBy: { id: "asc" },
  });
  const due = (last: Date | null | undefined, projectMinutes: number | null) => all || isDue(last, now, projectRecomputeMs(projectMinutes, serverDefaultMs), tick);
  const dynamic = rows
    .filter((r) => r.kind === "dynamic")
    .map((r) => {
      const parsed = matchSchema.safeParse(r.definition);
      return { ...r, includes: parsed.success ? referencedCohorts(parsed.data) : [] };
    });
  let computed = 0;
  let failed = 0;
  // Order over every dynamic cohort, then skip those not due: an included cohort still comes first.
  for (const cohort of dependencyOrder(dynamic)) {
    if (shouldStop()) break;
    if (!due(cohort.computedAt, cohort.project.cohortRecomputeMinutes)) continue;
    try {
      await computeCohort(cohort.projectId, cohort.id);
      computed += 1;
    } catch (error) {
      failed += 1;
      log(`cohort ${JSON.stringify(cohort.name)} (${cohort.id}) could not be recomputed: ${(error as Error).message}`);
    }
  }
  const synced = await prisma.cohort.findMany({
    where: { kind: "static", destinations: { some: {} } },
    select: { id: true, projectId: true, project: { select: { cohortRecomputeMinutes: true } } },
  });
  for (const cohort of synced) {
    if (shouldStop()) break;
    if (!due(lastStaticSync.get(cohort.id), cohort.project.cohortRecomputeMinutes)) continue;
    await syncAfterComputation(cohort.projectId, cohort.id);
    lastStaticSync.set(cohort.id, new Date(now));
  }
  return { computed, failed };
}

export function startCohortSchedule(log: Log = (line) => console.log(`[crumbtrail] cohorts: ${line}`)): void {
  if (holder[STATE]) return;
  const serverDefaultMs = defaultRecomputeMs();
  const tick = () => {
    const state = holder[STATE];
    if (!state || state.run || state.stopped) return;
    state.run = recomputeAll(log, { shouldStop: () => state.stopped, serverDefaultMs })
      .then(({ failed }) => {
        if (failed) log(`${failed} cohort(s) failed; tried again at their next interval.`);
      })
      .catch((error: Error) => log(`the recompute failed and is tried again next time: ${error.message}`))
      .finally(() => {
        state.run = null;
      });
  };
  const timer = setInterval(tick, tickMs(serverDefaultMs));
  timer.unref();
  holder[STATE] = { timer, run: null, stopped: false };
  // Deliveries stored before a restart go out now, not at the first tick.
  void kickDeliveries();
}

/** Stops the timer and the sender; waits (briefly) for the cohort being computed. */
export async function stopCohortSchedule(): Promise<void> {
  const state = holder[STATE];
  if (state) {
    state.stopped = true;
    clearInterval(state.timer);
  }
  const running = state?.run ?? Promise.resolve();
  await Promise.all([stopDeliveries(), Promise.race([running, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())])]);
}
