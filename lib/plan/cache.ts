// The compiled checker of each project's plan, for ingestion. A plan is
// compiled when its version changes, never per message; a project without a
// plan costs a map lookup. A change made in this process applies at once
// (forgetPlan); one made elsewhere (`crumbtrail plan:push`, another server)
// within RECHECK_MS, when the cached version is compared with the stored one.
import { connections } from "../db";
import { PlanChecker } from "./checker";
import { trackingPlanSchema } from "./schema";

const RECHECK_MS = 5_000;

interface Entry {
  version: number | null;
  checker: PlanChecker | null;
  checkedAt: number;
  /** A version check under way, shared by the requests that arrive meanwhile. */
  pending: Promise<PlanChecker | null> | null;
}

// On globalThis under a registered symbol: Next may bundle this module more than
// once (ingestion routes, the plan route), and a saved plan must reach them all.
const CACHE = Symbol.for("crumbtrail.planCheckers");
const holder = globalThis as { [CACHE]?: Map<string, Entry> };
function entries(): Map<string, Entry> {
  return (holder[CACHE] ??= new Map());
}

async function refresh(projectId: string, entry: Entry | undefined): Promise<PlanChecker | null> {
  const prisma = connections().prisma;
  const row = await prisma.trackingPlan.findUnique({ where: { projectId }, select: { version: true } });
  const version = row?.version ?? null;
  let checker = entry && entry.version === version ? entry.checker : null;
  if (version !== null && !checker) {
    const full = await prisma.trackingPlan.findUnique({ where: { projectId }, select: { plan: true, version: true } });
    // A stored plan was checked when saved; one that no longer parses (edited by hand) checks nothing.
    const parsed = full ? trackingPlanSchema.safeParse(full.plan) : null;
    try {
      checker = parsed?.success ? new PlanChecker(parsed.data) : null;
    } catch {
      checker = null;
    }
  }
  entries().set(projectId, { version, checker, checkedAt: Date.now(), pending: null });
  return checker;
}

/** The checker of the project's current plan, or null when it has none. */
export function planCheckerFor(projectId: string): Promise<PlanChecker | null> | PlanChecker | null {
  const entry = entries().get(projectId);
  if (entry && Date.now() - entry.checkedAt < RECHECK_MS) return entry.checker;
  if (entry?.pending) return entry.pending;
  const pending = refresh(projectId, entry).catch((error: unknown) => {
    entries().delete(projectId);
    throw error;
  });
  if (entry) entry.pending = pending;
  else entries().set(projectId, { version: null, checker: null, checkedAt: 0, pending });
  return pending;
}

/** A plan was saved or removed in this process: the next message reloads it. */
export function forgetPlan(projectId: string): void {
  entries().delete(projectId);
}
