// Reading a report's rows one at a time instead of materialising them all:
// memory stays flat whatever the range holds, and a long scan gives the event
// loop back every few thousand rows, where it also notices a cancelled or
// timed-out report (ReportContext.signal).
import type { RawBuilder } from "kysely";
import type { ReportContext } from "./context";
import { nextTurn, throwIfAborted } from "./limits";

/** Rows between two looks at the clock, the signal and the event loop. */
const CHUNK = 4096;

/**
 * Calls `onRow` for every row of `query`, in the query's order, rows being
 * arrays of the selected columns in order (no per-row objects).
 *
 * SQLite: iterate() on the connection under ctx.db, holding Kysely's lock on
 * it so that no other query runs on the connection mid-iteration (better-sqlite3
 * forbids that). PostgreSQL: each row is handed on as it arrives from the server
 * (lib/db/rowStream.ts), while the statement still runs.
 */
export async function forEachRow(ctx: ReportContext, query: RawBuilder<unknown>, onRow: (row: unknown[]) => void): Promise<void> {
  const compiled = query.compile(ctx.db);
  throwIfAborted(ctx.signal);
  const sqlite = ctx.sqlite;
  if (sqlite) {
    await ctx.db.connection().execute(async () => {
      const statement = sqlite.prepare(compiled.sql).raw(true);
      let n = 0;
      for (const row of statement.iterate(...compiled.parameters) as IterableIterator<unknown[]>) {
        onRow(row);
        if (++n % CHUNK === 0) {
          await nextTurn(ctx.signal);
        }
      }
    });
    return;
  }
  let n = 0;
  for await (const chunk of ctx.db.getExecutor().stream<unknown[]>(compiled, CHUNK)) {
    for (const row of chunk.rows) {
      onRow(row);
      if (++n % CHUNK === 0) {
        await nextTurn(ctx.signal);
      }
    }
  }
}
