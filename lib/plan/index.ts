// lib/plan: a project's tracking plan (API.md 7): reading and saving it, its
// violations, and replaying the quarantine. Callers (API routes, pages, the
// CLI) have already checked who may do what (lib/auth).
import { z } from "zod";
import { connections } from "../db";
import { ApiError } from "../http/errors";
import { eventWriter } from "../store";
import { countQuarantined, listViolations, quarantinedMessages, removeQuarantined, type ViolationFilter, type ViolationRow } from "../store/trackingPlan";
import { applyPlan } from "./apply";
import { planCheckerFor, forgetPlan } from "./cache";
import { compileError } from "./checker";
import { DEFAULT_MODE, trackingPlanSchema, VIOLATION_TYPES, type TrackingPlan } from "./schema";
import { fromSegment, toSegment, type SegmentPlan } from "./segment";

export { DEFAULT_MODE, trackingPlanSchema, VIOLATION_TYPES, type TrackingPlan, type ViolationType } from "./schema";
export { fromSegment, toSegment, type SegmentPlan } from "./segment";
export type { ViolationRow } from "../store/trackingPlan";

export interface StoredPlan {
  plan: TrackingPlan;
  version: number;
  updatedAt: string | null;
}

/** The plan of a project that has none yet: every mode at its most lenient, no events. */
export const EMPTY_PLAN: TrackingPlan = { mode: DEFAULT_MODE, events: {} };

/** The first problem of a zod parse, as the API's 400. */
function invalid(error: z.ZodError, code: string): ApiError {
  const issue = error.issues[0];
  const where = issue.path.length ? `${issue.path.join(".")} ` : "";
  return new ApiError(400, code, `${where}${issue.message}`.trim());
}

export async function getPlan(projectId: string): Promise<StoredPlan> {
  const row = await connections().prisma.trackingPlan.findUnique({ where: { projectId } });
  if (!row) return { plan: EMPTY_PLAN, version: 0, updatedAt: null };
  const parsed = trackingPlanSchema.safeParse(row.plan);
  return { plan: parsed.success ? parsed.data : EMPTY_PLAN, version: row.version, updatedAt: row.updatedAt.toISOString() };
}

/** Checks a plan as sent (zod, then ajv compiling every rule); a 400 `invalid_plan` says what is wrong. */
export function parsePlan(input: unknown): TrackingPlan {
  const parsed = trackingPlanSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error, "invalid_plan");
  const problem = compileError(parsed.data);
  if (problem) throw new ApiError(400, "invalid_plan", `A rule cannot be compiled: ${problem}`);
  return parsed.data;
}

/** Reads Segment Protocols' JSON into a plan keeping the project's current mode. */
export async function parseSegmentPlan(projectId: string, input: unknown): Promise<TrackingPlan> {
  let converted: unknown;
  try {
    converted = fromSegment(input, (await getPlan(projectId)).plan.mode);
  } catch (error) {
    if (error instanceof z.ZodError) throw invalid(error, "invalid_segment_plan");
    throw error;
  }
  return parsePlan(converted);
}

export async function savePlan(projectId: string, plan: TrackingPlan, userId: string | null): Promise<StoredPlan> {
  // A checked plan is plain JSON (zod built it from parsed JSON).
  const json = plan as object;
  const row = await connections().prisma.trackingPlan.upsert({
    where: { projectId },
    create: { projectId, plan: json, updatedById: userId },
    update: { plan: json, updatedById: userId, version: { increment: 1 } },
  });
  forgetPlan(projectId);
  return { plan, version: row.version, updatedAt: row.updatedAt.toISOString() };
}

export async function segmentExport(projectId: string): Promise<SegmentPlan> {
  const project = await connections().prisma.project.findUnique({ where: { id: projectId }, select: { name: true } });
  return toSegment((await getPlan(projectId)).plan, project?.name ?? projectId);
}

const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date(), z.string().regex(/^\d{10,16}$/)]).transform((v) => (/^\d+$/.test(v) ? Number(v) : Date.parse(v)));

export const violationQuerySchema = z.object({
  from: instant.optional(),
  to: instant.optional(),
  event: z.string().min(1).max(200).optional(),
  type: z.enum(VIOLATION_TYPES, { message: `must be one of ${VIOLATION_TYPES.join(", ")}` }).optional(),
});

/** Default window of the violations route: the last 7 days, as long as the quarantine keeps messages. */
const DEFAULT_WINDOW_MS = 7 * 86_400_000;

/** The violations route's query string, checked: from/to as ISO 8601 or epoch ms. */
export function parseViolationQuery(params: URLSearchParams, now = Date.now()): ViolationFilter {
  const parsed = violationQuerySchema.safeParse(Object.fromEntries([...params].filter(([key]) => key in violationQuerySchema.shape)));
  if (!parsed.success) throw invalid(parsed.error, "invalid_query");
  const to = parsed.data.to ?? now;
  const from = parsed.data.from ?? to - DEFAULT_WINDOW_MS;
  if (from > to) throw new ApiError(400, "invalid_query", "from must be before to");
  return { from, to, event: parsed.data.event, type: parsed.data.type };
}

export interface ViolationAnswer {
  event: string;
  property: string | null;
  type: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  samples: ViolationRow["samples"];
}

export async function violations(projectId: string, filter: ViolationFilter): Promise<ViolationAnswer[]> {
  const rows = await listViolations(projectId, filter);
  return rows.map((row) => ({ ...row, firstSeen: new Date(row.firstSeen).toISOString(), lastSeen: new Date(row.lastSeen).toISOString() }));
}

export { countQuarantined };

export interface ReplayOutcome {
  /** Messages the plan now allows, taken out of the quarantine. */
  replayed: number;
  /** Of those, the ones newly stored (the others were stored before: once each by messageId). */
  stored: number;
  /** Still blocked by the plan: they stay in the quarantine until it expires. */
  stillBlocked: number;
}

const REPLAY_PAGE = 500;

/**
 * Stores what the plan now allows of the quarantine, through the writer (the
 * same de-duplication by messageId), then removes those messages from it.
 */
export async function replayQuarantine(projectId: string): Promise<ReplayOutcome> {
  const outcome: ReplayOutcome = { replayed: 0, stored: 0, stillBlocked: 0 };
  const project = await connections().prisma.project.findUnique({
    where: { id: projectId },
    select: { maxEventNames: true, maxEventPropertyNames: true, maxPersonPropertyNames: true },
  });
  if (!project) throw new ApiError(404, "project_not_found", "No such project, or it is not yours.");
  const limits = { eventNames: project.maxEventNames, eventPropertyNames: project.maxEventPropertyNames, personPropertyNames: project.maxPersonPropertyNames };
  let after = "";
  for (;;) {
    const page = await quarantinedMessages(projectId, REPLAY_PAGE, after);
    if (!page.length) return outcome;
    after = page[page.length - 1].messageId;
    const checker = await planCheckerFor(projectId);
    const checked = checker ? applyPlan(checker, page) : { stored: page, write: { notes: [], quarantine: [] } };
    outcome.stillBlocked += checked.write.quarantine.length;
    // Blocked ones stay where they are; their violations were counted when they came in.
    const storedIds = new Set(checked.stored.map((m) => m.messageId));
    const notes = checked.write.notes.filter((note) => storedIds.has(note.messageId));
    const written = await eventWriter().write({ projectId, messages: checked.stored, limits, plan: { notes, quarantine: [] } });
    const refused = new Set(written.refused.map((i) => checked.stored[i].messageId));
    const replayed = checked.stored.filter((m) => !refused.has(m.messageId)).map((m) => m.messageId);
    await removeQuarantined(projectId, replayed);
    outcome.replayed += replayed.length;
    outcome.stored += written.accepted - written.duplicates;
  }
}
