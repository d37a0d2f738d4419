// Splitting one big report in two shares that run at once. The reports that
// walk persons one at a time (funnels first) are exact per person, so the
// persons seen during the range are cut at their median id, and the two
// answers are put together in person order, as one run would have produced
// them. SQLite: better-sqlite3 answers synchronously, so the server's thread
// takes the lower share and the helper thread the upper one. PostgreSQL: both
// shares are sent at once on two connections of the pool, and the server runs
// them on two backends.
import { isMainThread } from "node:worker_threads";
import { sql } from "kysely";
import { config } from "../../config";
import type { PersonRange, ReportContext } from "../context";
import { abortError } from "../limits";
import { onOwnConnection } from "../ownConnection";
import { HelperAborted, ReportHelper } from "./helper";
import type { HelperTasks, TaskName } from "./protocol";

const holder = globalThis as unknown as { __crumbtrailReportHelper?: ReportHelper | null };

let splits = 0;

/** The process's helper thread (SQLite), or null on PostgreSQL and on the helper thread itself. */
function reportHelper(): ReportHelper | null {
  if (holder.__crumbtrailReportHelper === undefined) {
    const cfg = config();
    holder.__crumbtrailReportHelper = cfg.sqlitePath && isMainThread ? new ReportHelper(cfg.sqlitePath) : null;
  }
  return holder.__crumbtrailReportHelper;
}

/** What a report learnt about the persons seen since one `from`. */
interface PersonsSeen {
  count: Promise<number>;
  pivot?: Promise<number | null>;
}

/** By report and `from`: a trends report splits several statements over the same persons. */
const seenSince = new WeakMap<ReportContext, Map<number, PersonsSeen>>();

function personsSeen(ctx: ReportContext, from: number): PersonsSeen {
  const known = seenSince.get(ctx) ?? new Map<number, PersonsSeen>();
  seenSince.set(ctx, known);
  let seen = known.get(from);
  if (!seen) known.set(from, (seen = { count: countPersonsSeen(ctx, from) }));
  return seen;
}

/** True when enough persons were seen since `from` for work on two threads to pay (REPORT_SPLIT_MIN_PERSONS). */
async function bigEnough(ctx: ReportContext, from: number): Promise<boolean> {
  return (await personsSeen(ctx, from).count) >= config().reportSplitMinPersons;
}

/** The person id that cuts the persons seen since `from` in two about equal shares, or null when they are too few to split. */
function medianPerson(ctx: ReportContext, from: number): Promise<number | null> {
  const seen = personsSeen(ctx, from);
  seen.pivot ??= findMedianPerson(ctx, from, seen.count);
  return seen.pivot;
}

/** The persons' (project_id, last_seen) index: SQLite reads only it, its entries carry the id; PostgreSQL chose to scan `persons` (4 ms at 1M). */
const seenFrom = (ctx: ReportContext, from: number) => sql`FROM ${ctx.dialect.personsByLastSeen} WHERE project_id = ${ctx.projectId} AND last_seen >= ${from}`;

async function countPersonsSeen(ctx: ReportContext, from: number): Promise<number> {
  const counted = await sql<{ n: number | string }>`SELECT count(*) AS n ${seenFrom(ctx, from)}`.execute(ctx.db);
  return Number(counted.rows[0]?.n ?? 0);
}

/** About how many persons' ids the pivot is chosen from: enough for shares within a percent or so of each other. */
const PIVOT_SAMPLE = 2_000;

/**
 * The median of every k-th id (by id modulo k) of the persons seen since
 * `from`, not the exact median: sorting every id cost 140 ms at 10M events
 * (214,812 persons), more than a split saves on a short report, and the
 * answer does not depend on where the cut falls.
 */
async function findMedianPerson(ctx: ReportContext, from: number, count: Promise<number>): Promise<number | null> {
  const n = await count;
  if (n < config().reportSplitMinPersons) return null;
  const seen = seenFrom(ctx, from);
  const every = Math.max(1, Math.floor(n / PIVOT_SAMPLE));
  const sample = await sql<{ id: number | string }>`SELECT id ${seen} AND id % ${every} = 0 ORDER BY id`.execute(ctx.db);
  if (sample.rows.length) return Number(sample.rows[Math.floor(sample.rows.length / 2)].id);
  const middle = await sql<{ id: number | string }>`SELECT id ${seen} ORDER BY id LIMIT 1 OFFSET ${Math.floor(n / 2)}`.execute(ctx.db);
  return middle.rows.length ? Number(middle.rows[0].id) : null;
}

/**
 * `run`'s answers for the persons seen since `from`: one answer when the report
 * stays in one piece, or two (lower persons first) when it is split: on SQLite
 * with the helper thread running `task` on the upper share, its answer turned
 * into `run`'s kind by `fromHelper` (if the helper fails for any reason but a
 * cancel, its share is run here after all: slower, never wrong); on PostgreSQL
 * unless `onPostgres` is false. `pivot`, when the caller knows a better cut
 * than the persons seen since `from` (a cohort's median member), is where the
 * shares meet, and the report splits whatever its size.
 */
export async function byPersonShares<K extends TaskName, T>(
  ctx: ReportContext,
  from: number,
  task: K,
  args: HelperTasks[K]["args"],
  run: (share: ReportContext) => Promise<T>,
  fromHelper: (answer: HelperTasks[K]["result"]) => T,
  options: { onPostgres?: boolean; pivot?: number } = {},
): Promise<T[]> {
  if (ctx.personRange || config().reportThreads < 2) return [await run(ctx)];
  const cut = () => (options.pivot !== undefined ? Promise.resolve(options.pivot) : medianPerson(ctx, from));
  if (ctx.dialect.kind === "postgres") return options.onPostgres === false ? [await run(ctx)] : postgresShares(ctx, cut, run);
  const helper = reportHelper();
  const pivot = helper ? await cut() : null;
  if (!helper || pivot === null) return [await run(ctx)];

  const [lower, upper] = sharesAt(pivot);
  const [low, high] = await alongside(ctx, () => run({ ...ctx, personRange: lower }), async (signal) => fromHelper(await helper.run(task, ctx, upper, args, signal)));
  return [low, await helperAnswerOrHere(ctx, high, "share", () => run({ ...ctx, personRange: upper }))];
}

/**
 * The helper thread's answer; if it failed for any reason but a cancel, the
 * same work run here after all (slower, never wrong), the failure logged.
 */
async function helperAnswerOrHere<T>(ctx: ReportContext, outcome: Outcome<T>, what: string, here: () => Promise<T>): Promise<T> {
  if (outcome.ok) return outcome.result;
  if (ctx.signal?.aborted) throw abortError(ctx.signal);
  if (!(outcome.error instanceof HelperAborted)) console.error(`[crumbtrail] the report helper thread failed; its ${what} runs on the server's thread:`, outcome.error.message);
  return here();
}

/** `work` on another connection of the pool (PostgreSQL), cancelled by `signal`. */
function onAnotherConnection<T>(ctx: ReportContext, signal: AbortSignal, work: (own: ReportContext) => Promise<T>): Promise<T> {
  const pool = ctx.pool ?? ctx.db;
  return onOwnConnection({ ...ctx, db: pool, pool, signal }, work);
}

/**
 * Replaces the process's helper thread, stopping the one it had; for tests. null:
 * no helper; undefined: the configured one again, started on next use.
 */
export async function replaceReportHelper(helper: ReportHelper | null | undefined): Promise<void> {
  await closeReportHelper();
  holder.__crumbtrailReportHelper = helper;
}

/** How many shares the helper thread has answered in this process (0 without one). */
export function helperSharesAnswered(): number {
  return holder.__crumbtrailReportHelper?.answered ?? 0;
}

/** The persons below `pivot`, and the rest. */
function sharesAt(pivot: number): [PersonRange, PersonRange] {
  return [
    { from: 0, to: pivot },
    { from: pivot, to: Number.MAX_SAFE_INTEGER },
  ];
}

/**
 * PostgreSQL: the lower share on the report's connection and the upper one on
 * another connection of the pool, at once; each is cancelled by the report's
 * signal, and the upper one also when the lower one fails.
 */
async function postgresShares<T>(ctx: ReportContext, cut: () => Promise<number | null>, run: (share: ReportContext) => Promise<T>): Promise<T[]> {
  const pivot = await cut();
  if (pivot === null) return [await run(ctx)];
  const [lower, upper] = sharesAt(pivot);
  const [low, high] = await alongside(
    ctx,
    () => run({ ...ctx, personRange: lower }),
    (signal) => onAnotherConnection(ctx, signal, (own) => run({ ...own, personRange: upper })),
  );
  if (!high.ok) throw high.error;
  return [low, high.result];
}

/** How work run elsewhere ended. */
type Outcome<T> = { ok: true; result: T } | { ok: false; error: Error };

/**
 * Runs `here` while `other` runs elsewhere, and gives both outcomes. `other`'s
 * signal aborts with the report's, and also when `here` fails (that failure is
 * thrown once `other` has stopped).
 */
async function alongside<A, B>(
  ctx: ReportContext,
  here: () => Promise<A>,
  other: (signal: AbortSignal) => Promise<B>,
): Promise<[A, Outcome<B>]> {
  splits += 1;
  const local = new AbortController();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, local.signal]) : local.signal;
  const outcome = other(signal).then(
    (result) => ({ ok: true as const, result }),
    (error: Error) => ({ ok: false as const, error }),
  );
  try {
    return [await here(), await outcome];
  } catch (error) {
    local.abort();
    await outcome;
    throw error;
  }
}

/** How `second` of bothAtOnce runs on the helper thread: as `task`, its answer turned into `second`'s kind by `fromHelper`. */
export interface OnHelper<K extends TaskName, B> {
  task: K;
  args: HelperTasks[K]["args"];
  fromHelper: (answer: HelperTasks[K]["result"]) => B;
}

/**
 * Two independent statements of one report, at once when the project is big
 * enough to split (bigEnough, no pivot needed) and this is not already a
 * share: `first` here, and `second` on another connection of the pool
 * (PostgreSQL) or on the helper thread over all persons (SQLite, when
 * `second.onHelper` says how; without it SQLite runs both here). For what
 * cannot be split by persons, such as a unique-users count per bucket and over
 * the whole range.
 */
export async function bothAtOnce<K extends TaskName, A, B>(
  ctx: ReportContext,
  from: number,
  first: (ctx: ReportContext) => Promise<A>,
  second: { run: (ctx: ReportContext) => Promise<B>; onHelper?: OnHelper<K, B> },
): Promise<[A, B]> {
  const inOrder = async (): Promise<[A, B]> => [await first(ctx), await second.run(ctx)];
  if (ctx.personRange || config().reportThreads < 2) return inOrder();
  const postgres = ctx.dialect.kind === "postgres";
  const onHelper = second.onHelper;
  const helper = !postgres && onHelper ? reportHelper() : null;
  if ((!postgres && !helper) || !(await bigEnough(ctx, from))) return inOrder();
  const [a, b] = await alongside(
    ctx,
    () => first(ctx),
    helper && onHelper
      ? async (signal) => onHelper.fromHelper(await helper.run(onHelper.task, ctx, null, onHelper.args, signal))
      : (signal) => onAnotherConnection(ctx, signal, second.run),
  );
  // PostgreSQL's other connection failing is the report failing; the helper thread's is not.
  if (!helper && !b.ok) throw ctx.signal?.aborted ? abortError(ctx.signal) : b.error;
  return [a, await helperAnswerOrHere(ctx, b, "statement", () => second.run(ctx))];
}

/** How many reports were split in this process, on either database. */
export function reportsSplit(): number {
  return splits;
}

/** Stops the helper thread if it runs (tests and benchmarks that end their process). */
export async function closeReportHelper(): Promise<void> {
  await holder.__crumbtrailReportHelper?.close();
}
