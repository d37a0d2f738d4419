// PostgreSQL: a report (or one share of a split report) on a connection of its
// own, so that a cancel or a timeout can stop the statement running on it.
import { sql } from "kysely";
import type { ReportContext } from "./context";
import { throwIfAborted } from "./limits";

/**
 * PostgreSQL: runs `work` on one connection of the pool, and an abort of
 * ctx.signal cancels the statement running on it (pg_cancel_backend), so a
 * cancelled or timed-out report stops using the database at once. SQLite
 * cannot interrupt a statement through better-sqlite3: there the signal is
 * checked between statements and every few thousand streamed rows (scan.ts).
 */
export async function onOwnConnection<T>(ctx: ReportContext, work: (ctx: ReportContext) => Promise<T>): Promise<T> {
  const signal = ctx.signal;
  if (ctx.dialect.kind !== "postgres" || !signal) return work(ctx);
  const pool = ctx.pool ?? ctx.db;
  return pool.connection().execute(async (db) => {
    const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
    const pid = Number(rows[0].pid);
    const cancel = () => {
      // Another connection of the pool asks the server to cancel this one's statement.
      sql`SELECT pg_cancel_backend(${pid})`.execute(pool).catch(() => {});
    };
    signal.addEventListener("abort", cancel, { once: true });
    try {
      throwIfAborted(signal);
      return await work({ ...ctx, db, pool });
    } finally {
      signal.removeEventListener("abort", cancel);
    }
  });
}
