// A small ClickHouse client over its HTTP interface (port 8123), with fetch: the
// interface is the same on 18.16 (Debian 12's package) and current releases.
// Statements are text with values quoted by literal.ts (18.16 has no bound
// parameters); rows come back as JSONEachRow, one JSON object a line.
import { z } from "zod";
import { identifier } from "./literal";
import { RowBinaryReader } from "./rowBinary";

/** CLICKHOUSE_URL: `http://user:password@host:8123/database`. */
export interface ClickHouseTarget {
  /** The server's base URL, without credentials or path. */
  origin: string;
  user: string;
  password: string;
  database: string;
}

export class ClickHouseError extends Error {
  constructor(
    message: string,
    /** ClickHouse's error code (e.g. 60 for an unknown table), null for a network failure or timeout. */
    readonly code: number | null,
    /** "server": ClickHouse refused the statement; "unreachable": no answer; "timeout": no answer in time. */
    readonly kind: "server" | "unreachable" | "timeout",
  ) {
    super(message);
  }
}

/** The URL schema; `setting` names the variable in its messages (CLICKHOUSE_URL, CLICKHOUSE_SHARD_URLS). */
const urlSchema = (setting: string) =>
  z
    .string()
    .trim()
    .min(1, `${setting} is empty`)
    .transform((text, ctx) => {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        ctx.addIssue({ code: "custom", message: `${setting} is not a URL (expected http://user:password@host:8123/database)` });
        return z.NEVER;
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        ctx.addIssue({ code: "custom", message: `${setting} must start with http:// or https://` });
        return z.NEVER;
      }
      const database = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, "")) || "default";
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(database)) {
        ctx.addIssue({ code: "custom", message: `${setting} names the database "${database}": use letters, digits and _ only` });
        return z.NEVER;
      }
      return {
        origin: url.origin,
        user: decodeURIComponent(url.username) || "default",
        password: decodeURIComponent(url.password),
        database,
      } satisfies ClickHouseTarget;
    });

/** Parses CLICKHOUSE_URL (or one URL of `setting`); throws a ClickHouseError with one sentence when it is unusable. */
export function parseClickHouseUrl(text: string, setting = "CLICKHOUSE_URL"): ClickHouseTarget {
  const parsed = urlSchema(setting).safeParse(text);
  if (!parsed.success) throw new ClickHouseError(parsed.error.issues[0]?.message ?? `${setting} is not usable`, null, "server");
  return parsed.data;
}

export interface ClickHouseClientOptions {
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Server settings sent with every request, e.g. { insert_distributed_sync: 1 }. */
  settings?: Record<string, string | number>;
}

/** The start of an exception ClickHouse appends to an answer it had begun (see send()). */
const LATE_EXCEPTION = /^Code: \d+[,.] .*DB::Exception/m;

/** ClickHouse's error text starts "Code: 60, e.displayText() = DB::Exception: ...": keep the code and the sentence. */
export function serverError(status: number, body: string): ClickHouseError {
  const text = body.trim();
  const code = /^Code: (\d+)/.exec(text);
  const message = /DB::Exception: (.*?)(?:, e\.what\(\) = .*)?(?: \(version [^)]*\))?$/m.exec(text)?.[1] ?? text.split("\n")[0] ?? `HTTP ${status}`;
  return new ClickHouseError(`ClickHouse: ${message || `HTTP ${status}`}`, code ? Number(code[1]) : null, "server");
}

export class ClickHouseClient {
  readonly target: ClickHouseTarget;
  private readonly timeoutMs: number;
  private readonly settings: Record<string, string | number>;

  constructor(target: ClickHouseTarget | string, options: ClickHouseClientOptions = {}) {
    this.target = typeof target === "string" ? parseClickHouseUrl(target) : target;
    identifier(this.target.database);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.settings = options.settings ?? {};
  }

  get database(): string {
    return this.target.database;
  }

  /** Sends one statement (the query text in the body, or in the URL when `body` carries data); returns the answer's text. */
  private async send(statement: string, data: string | null, settings: Record<string, string | number> = {}, signal?: AbortSignal): Promise<string> {
    const answer = await this.request(statement, data, settings, signal);
    const text = await this.bodyOf(() => answer.text());
    // ClickHouse reports some errors after a 200 has started streaming: the body then ends with the exception.
    // (18.16 writes "Code: N, e.displayText() = DB::Exception: ...", current releases "Code: N. DB::Exception: ...".)
    const tail = text.slice(-2000);
    if (!answer.ok || LATE_EXCEPTION.test(tail)) {
      const at = answer.ok ? text.length - tail.length + tail.search(LATE_EXCEPTION) : 0;
      throw serverError(answer.status, text.slice(at));
    }
    return text;
  }

  /** send() for a binary answer: its bytes, checked for a late exception the same way. */
  private async sendForBytes(statement: string, settings: Record<string, string | number> = {}, signal?: AbortSignal): Promise<Buffer> {
    const answer = await this.request(statement, null, settings, signal);
    const bytes = await this.bodyOf(async () => Buffer.from(await answer.arrayBuffer()));
    if (!answer.ok) throw serverError(answer.status, bytes.toString("utf8"));
    // A row's bytes could spell the exception's start only if a string column did, on a line
    // of its own; the report then goes to the database, which answers the same.
    const tail = bytes.subarray(-2000).toString("latin1");
    if (LATE_EXCEPTION.test(tail)) throw serverError(answer.status, tail.slice(tail.search(LATE_EXCEPTION)));
    return bytes;
  }

  /** An answer's body, read by `read`; a connection lost meanwhile is ClickHouse's failure. */
  private async bodyOf<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw new ClickHouseError(`ClickHouse at ${this.target.origin} stopped answering (${causeOf(error)})`, null, "unreachable");
    }
  }

  private async request(statement: string, data: string | null, settings: Record<string, string | number>, signal?: AbortSignal): Promise<Response> {
    const url = new URL(this.target.origin);
    url.searchParams.set("database", this.target.database);
    for (const [name, value] of Object.entries({ ...this.settings, ...settings })) url.searchParams.set(name, String(value));
    if (data !== null) url.searchParams.set("query", statement);
    const headers: Record<string, string> = {
      "X-ClickHouse-User": this.target.user,
      "Content-Type": "text/plain; charset=utf-8",
    };
    if (this.target.password) headers["X-ClickHouse-Key"] = this.target.password;
    let answer: Response;
    try {
      answer = await fetchOnce(url, headers, data ?? statement, this.timeoutMs, signal).catch((error: unknown) => {
        // ClickHouse closes idle keep-alive connections after a few seconds (keep_alive_timeout);
        // a request sent on one just as it closes fails at once. One retry on a fresh connection,
        // but never for an insert (`data`), which may have arrived: its caller retries after asking
        // ClickHouse what it holds (held.ts). Other statements (SELECTs, deletes) repeat harmlessly.
        if (data !== null || !isStaleConnection(error)) throw error;
        return fetchOnce(url, headers, data ?? statement, this.timeoutMs, signal);
      });
    } catch (error) {
      const name = (error as Error).name;
      // The caller's signal (a report past its limit, a client gone): its own reason, not ClickHouse's fault.
      if (signal?.aborted) throw signal.reason ?? error;
      if (name === "TimeoutError" || name === "AbortError") {
        throw new ClickHouseError(`ClickHouse at ${this.target.origin} did not answer within ${this.timeoutMs / 1000} s`, null, "timeout");
      }
      throw new ClickHouseError(`ClickHouse at ${this.target.origin} is unreachable (${causeOf(error)})`, null, "unreachable");
    }
    return answer;
  }

  /** Runs a statement that returns nothing (DDL, INSERT ... SELECT). */
  async exec(statement: string, settings?: Record<string, string | number>): Promise<void> {
    await this.send(statement, null, settings);
  }

  /** Rows of a SELECT as objects (FORMAT JSONEachRow is appended). UInt64 arrive as strings: parse them with zod. */
  async query<T = Record<string, unknown>>(statement: string, schema?: z.ZodType<T>, settings?: Record<string, string | number>, signal?: AbortSignal): Promise<T[]> {
    const text = await this.send(`${statement.trim().replace(/;$/, "")}\nFORMAT JSONEachRow`, null, settings, signal);
    const rows = text.split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as unknown);
    return schema ? rows.map((row) => schema.parse(row)) : (rows as T[]);
  }

  /** The rows of a SELECT in ClickHouse's RowBinary format (appended), read column by column with rowBinary.ts. */
  async queryRowBinary(statement: string, settings?: Record<string, string | number>, signal?: AbortSignal): Promise<RowBinaryReader> {
    return new RowBinaryReader(await this.sendForBytes(`${statement.trim().replace(/;$/, "")}\nFORMAT RowBinary`, settings, signal));
  }

  /** Rows of a SELECT as arrays of strings (FORMAT TabSeparated, escapes undone). */
  async queryTsv(statement: string, settings?: Record<string, string | number>): Promise<string[][]> {
    const text = await this.send(`${statement.trim().replace(/;$/, "")}\nFORMAT TabSeparated`, null, settings);
    return text
      .split("\n")
      .filter((line, i, all) => !(line === "" && i === all.length - 1))
      .map((line) => line.split("\t").map(unescapeTsv));
  }

  /**
   * Inserts rows into `table` as ONE block per call (`INSERT ... FORMAT JSONEachRow`):
   * on a MergeTree table the block is stored whole or not at all. Callers split
   * big copies into calls themselves (see insertBatches).
   */
  async insert(table: string, rows: readonly object[], settings?: Record<string, string | number>): Promise<void> {
    if (!rows.length) return;
    const body = rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
    // One block whatever the row count: the server would otherwise cut a big body into several.
    await this.send(`INSERT INTO ${identifier(table)} FORMAT JSONEachRow`, body, {
      max_insert_block_size: Math.max(rows.length, 1_048_576),
      ...settings,
    });
  }

  /** Inserts rows in calls of at most `batchSize` rows each. */
  async insertBatches(table: string, rows: readonly object[], batchSize = 10_000, settings?: Record<string, string | number>): Promise<void> {
    for (let at = 0; at < rows.length; at += batchSize) await this.insert(table, rows.slice(at, at + batchSize), settings);
  }

  /** Resolves when the server answers; throws a ClickHouseError saying why not. */
  async ping(): Promise<void> {
    await this.query("SELECT 1 AS ok");
  }
}

const TSV_ESCAPES: Record<string, string> = { "\\": "\\", t: "\t", n: "\n", r: "\r", "0": "\0", b: "\b", f: "\f", "'": "'" };

function unescapeTsv(field: string): string {
  return field.replace(/\\(.)/g, (_, c: string) => TSV_ESCAPES[c] ?? c);
}

function fetchOnce(url: URL, headers: Record<string, string>, body: string, timeoutMs: number, signal?: AbortSignal): Promise<Response> {
  const timeout = AbortSignal.timeout(timeoutMs);
  return fetch(url, { method: "POST", headers, body, signal: signal ? AbortSignal.any([timeout, signal]) : timeout });
}

/** A connection the server had closed: reset or closed before any answer came. */
function isStaleConnection(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code === "UND_ERR_SOCKET" || code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_CLOSED";
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}
