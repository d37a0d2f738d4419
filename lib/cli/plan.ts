// The tracking plan as code (API.md 7, docs/tracking-plan.md): plan:pull writes
// a project's plan to a file, plan:push saves a file as the plan (checked as
// the API checks it), and plan:check lists the violations since a moment and
// fails when there are any, for a release pipeline.
import fs from "node:fs/promises";
import { ApiError } from "../http/errors";
import { getPlan, parsePlan, parseSegmentPlan, savePlan, segmentExport, violations } from "../plan";
import { connections } from "../db";
import { fail, say } from "./output";

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "15m", "1h", "7d", or an ISO 8601 instant: the moment `--since` names. */
export function sinceInstant(value: string, now = Date.now()): number {
  const relative = /^(\d+)\s*([smhd])$/.exec(value.trim());
  if (relative) return now - Number(relative[1]) * UNIT_MS[relative[2]];
  const absolute = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(absolute)) return absolute;
  return fail(`--since must be a duration such as 30m, 1h or 7d, or an ISO 8601 date; got "${value}"`);
}

async function requireProject(projectId: string): Promise<void> {
  const project = await connections().prisma.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) fail(`no project with id ${projectId}`);
}

/** An ApiError from lib/plan (an invalid plan) as the CLI's one line. */
async function asCliError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) fail(error.message);
    throw error;
  }
}

export async function planPull(projectId: string, file: string, segment: boolean): Promise<void> {
  await requireProject(projectId);
  const body = segment ? await segmentExport(projectId) : (await getPlan(projectId)).plan;
  await fs.writeFile(file, JSON.stringify(body, null, 2) + "\n");
  const events = segment ? (body as { rules: { events: unknown[] } }).rules.events.length : Object.keys((body as { events: object }).events).length;
  say(`Wrote the tracking plan of ${projectId} (${events} event(s)) to ${file}.`);
}

export async function planPush(projectId: string, file: string, segment: boolean): Promise<void> {
  await requireProject(projectId);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    return fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(`${file} is not JSON`);
  }
  const plan = await asCliError(() => (segment ? parseSegmentPlan(projectId, json) : Promise.resolve(parsePlan(json))));
  const saved = await savePlan(projectId, plan, null);
  say(`Saved the tracking plan of ${projectId} from ${file}: ${Object.keys(plan.events).length} event(s), version ${saved.version}.`);
}

/** Prints each violation seen since then; returns the exit code: 1 when there are any. */
export async function planCheck(projectId: string, since: number, now = Date.now()): Promise<number> {
  await requireProject(projectId);
  const rows = await violations(projectId, { from: since, to: now });
  if (!rows.length) {
    say(`No tracking-plan violations since ${new Date(since).toISOString()}.`);
    return 0;
  }
  for (const row of rows) {
    const where = row.property === null ? row.event : `${row.event}.${row.property}`;
    say(`${row.type}\t${where}\t${row.count} time(s), last ${row.lastSeen}`);
  }
  say(`${rows.length} tracking-plan violation(s) since ${new Date(since).toISOString()}.`);
  return 1;
}
