// Background recomputation of dynamic cohorts inside the server process,
// started once from instrumentation.ts: every CRUMBTRAIL_COHORT_RECOMPUTE_MINUTES
// (default 15). One timer, unref'd; a run is never overlapped by the next tick;
// a cohort that fails is logged and the others go on; cohorts that include
// others come after them. Each computation stores its webhook deliveries, and
// static cohorts with destinations are re-synced too (a merge or an erasure
// changes who their ids name). Stopped with the server (lib/server/gracefulStop.ts).
import { connections } from "../db";
import { computeCohort } from "./index";
import { referencedCohorts, matchSchema } from "./definition";
import { dependencyOrder } from "./order";
import { kickDeliveries, stopDeliveries, syncAfterComputation } from "./sync";

const DEFAULT_MINUTES = 15;
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

/** The interval from the environment: minutes, fractions allowed (tests use a second or two). */
export function recomputeIntervalMs(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const minutes = Number(env.CRUMBTRAIL_COHORT_RECOMPUTE_MINUTES);
  return env.CRUMBTRAIL_COHORT_RECOMPUTE_MINUTES && Number.isFinite(minutes) && minutes > 0 ? Math.max(minutes * 60_000, 500) : DEFAULT_MINUTES * 60_000;
}

/** One pass: every dynamic cohort of every project, includes first. */
export async function recomputeAll(log: Log, shouldStop: () => boolean = () => false): Promise<{ computed: number; failed: number }> {
  const { prisma } = connections();
  const rows = await prisma.cohort.findMany({ select: { id: true, projectId: true, kind: true, definition: true, name: true }, orderBy: { id: "asc" } });
  const dynamic = rows
    .filter((r) => r.kind === "dynamic")
    .map((r) => {
      const parsed = matchSchema.safeParse(r.definition);
      return { ...r, includes: parsed.success ? referencedCohorts(parsed.data) : [] };
    });
  let computed = 0;
  let failed = 0;
  for (const cohort of dependencyOrder(dynamic)) {
    if (shouldStop()) break;
    try {
      await computeCohort(cohort.projectId, cohort.id);
      computed += 1;
    } catch (error) {
      failed += 1;
      log(`cohort ${JSON.stringify(cohort.name)} (${cohort.id}) could not be recomputed: ${(error as Error).message}`);
    }
  }
  const synced = await prisma.cohort.findMany({ where: { kind: "static", destinations: { some: {} } }, select: { id: true, projectId: true } });
  for (const cohort of synced) {
    if (shouldStop()) break;
    await syncAfterComputation(cohort.projectId, cohort.id);
  }
  return { computed, failed };
}

export function startCohortSchedule(log: Log = (line) => console.log(`[crumbtrail] cohorts: ${line}`)): void {
  if (holder[STATE]) return;
  const interval = recomputeIntervalMs();
  const tick = () => {
    const state = holder[STATE];
    if (!state || state.run || state.stopped) return;
    state.run = recomputeAll(log, () => state.stopped)
      .then(({ failed }) => {
        if (failed) log(`${failed} cohort(s) failed; tried again in ${Math.round(interval / 60_000)} min.`);
      })
      .catch((error: Error) => log(`the recompute failed and is tried again next time: ${error.message}`))
      .finally(() => {
        state.run = null;
      });
  };
  const timer = setInterval(tick, interval);
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
