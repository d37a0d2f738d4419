// The report helper thread's body: its own read connection to the SQLite file,
// running one share of a split report (see shares.ts) while the server's thread
// runs the other. better-sqlite3 answers synchronously, so a second thread is
// the only way one report uses the machine's second core.
import { parentPort, workerData } from "node:worker_threads";
import { BUSY_TIMEOUT_MS, openSqliteHotTables } from "../../db/sqlite";
import type { ReportContext } from "../context";
import { funnelShare } from "../funnel";
import { overviewTablesShare } from "../breakdowns";
import { rangeSummary } from "../overview";
import { pathShare } from "../paths";
import { retentionShare } from "../retention";
import { aggregateShare } from "../trends";
import { queryDialect } from "../sqlDialect";
import type { CancelMessage, HelperTasks, HelperThreadData, ReadyMessage, TaskMessage, TaskName, TaskReply } from "./protocol";

const port = parentPort;
if (!port) throw new Error("lib/query/parallel/thread.ts runs only as a worker thread");

// SQLite's own default page cache: the reports read far more than any cache
// holds, and the operating system's file cache, shared with the server's
// connection, serves them. 2 MB answered as fast as 16 MB for 20 MB less memory.
const HELPER_CACHE_MB = 2;
const { sqlitePath } = workerData as HelperThreadData;
const { db, sqlite } = openSqliteHotTables(sqlitePath, BUSY_TIMEOUT_MS, HELPER_CACHE_MB);

const TASKS: { [K in TaskName]: (ctx: ReportContext, args: HelperTasks[K]["args"]) => Promise<HelperTasks[K]["result"]> } = {
  funnelJourneys: funnelShare,
  retentionShare,
  pathShare,
  trendsAggregate: (ctx, { query, spec }) => aggregateShare(ctx, query, spec),
  overviewSummary: (ctx, { from, to, hideEvents }) => rangeSummary(ctx, from, to, hideEvents),
  overviewTables: (ctx, { from, to }) => overviewTablesShare(ctx, from, to),
};

/** The task a message names, typed by that name (TypeScript cannot relate a union's members on its own). */
function taskOf<K extends TaskName>(message: TaskMessage<K>): (ctx: ReportContext, args: HelperTasks[K]["args"]) => Promise<HelperTasks[K]["result"]> {
  return TASKS[message.task] as (ctx: ReportContext, args: HelperTasks[K]["args"]) => Promise<HelperTasks[K]["result"]>;
}

const running = new Map<number, AbortController>();

port.on("message", (message: TaskMessage | CancelMessage) => {
  if ("cancel" in message) {
    running.get(message.id)?.abort();
    return;
  }
  void runTask(message);
});

async function runTask(message: TaskMessage): Promise<void> {
  const controller = new AbortController();
  running.set(message.id, controller);
  const ctx: ReportContext = {
    projectId: message.projectId,
    timezone: message.timezone,
    db,
    dialect: queryDialect("sqlite"),
    sqlite,
    signal: controller.signal,
    personRange: message.share ?? undefined,
  };
  let reply: TaskReply;
  try {
    reply = { id: message.id, result: await taskOf(message)(ctx, message.args) };
  } catch (error) {
    reply = { id: message.id, error: error instanceof Error ? error.message : String(error), aborted: controller.signal.aborted };
  } finally {
    running.delete(message.id);
  }
  port!.postMessage(reply);
}

port.postMessage({ ready: true } satisfies ReadyMessage);
