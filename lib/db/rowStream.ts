// PostgreSQL rows handed to a report as they arrive, instead of once the whole
// result is in: a big funnel walks its first persons while the database still
// computes the last ones (lib/query/scan.ts). It is the "cursor" Kysely's
// PostgreSQL dialect streams with, made from pg's own Query: pg-cursor would
// fetch a chunk at a time, leaving the database idle while the report reads.
import pg from "pg";

export class RowStream<T = unknown> extends pg.Query {
  private buffered: T[] = [];
  private finished = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(sql: string, parameters: unknown[]) {
    // Rows as arrays of the selected columns, the shape lib/query/scan.ts hands on
    // (pg's types only know rowMode on client.query's config, not on Query's).
    const config: pg.QueryArrayConfig = { text: sql, values: parameters, rowMode: "array" };
    super(config as pg.QueryConfig);
    // With a listener for "row", pg does not also keep every row in a result.
    this.on("row", (row: T) => {
      this.buffered.push(row);
      this.notify();
    });
    this.on("end", () => this.finish(null));
    this.on("error", (error: Error) => this.finish(error));
  }

  /** Every row received since the last read (at least one), or none at the end. Throws the statement's error. */
  async read(_rowsCount: number): Promise<T[]> {
    while (!this.buffered.length && !this.finished) await this.next();
    if (this.failure) throw this.failure;
    const rows = this.buffered;
    this.buffered = [];
    return rows;
  }

  /** Waits for the statement to end (its connection is then free again); rows not read are dropped. */
  async close(): Promise<void> {
    while (!this.finished) await this.next();
    this.buffered = [];
  }

  private finish(error: Error | null): void {
    this.failure ??= error;
    this.finished = true;
    this.notify();
  }

  private next(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
