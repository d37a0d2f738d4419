// `crumbtrail import --project ID --file F`: Segment-spec messages (API.md 2.1),
// one JSON object a line, stored the way /api/track stores them: the same
// validation (checkMessage), normalization and enrichment (bots counted, not
// stored), then EventStore.writeGroup in large groups so identity and the
// catalog stay right. Idempotent: a message without a messageId gets one
// derived from a hash of its line, so importing a file twice stores nothing twice.
//
// writeRawMessages is the shared path: seed:demo feeds its generated messages
// through it too.
import crypto from "node:crypto";
import fs from "node:fs";
import readline from "node:readline";
import { connections } from "../db";
import { BULK_WRITE_CACHE_MB, setCacheSize } from "../db/sqlite";
import { enrich } from "../ingest/enrich";
import { withoutNul } from "../ingest/body";
import { MAX_EVENT_LEAD_MS, MAX_MESSAGE_BYTES } from "../ingest/limits";
import { isPlainObject } from "../ingest/message";
import { normalizeMessage, parseInstant, type NormalizedMessage } from "../ingest/normalize";
import { checkEventTime, checkMessage } from "../ingest/validate";
import { dialectFor, EventStore, type WriteOutcome, type WriteRequest } from "../store";
import { fail } from "./output";
import { formatCount, Progress } from "./progress";

/** Messages one transaction takes: big enough to amortize a commit, small enough to stay in memory. */
export const IMPORT_GROUP_SIZE = 5000;

/** How many invalid lines the summary names. */
const INVALID_SAMPLES = 3;

/** One raw message on its way in: an import line, or a message seed:demo made. */
export interface RawItem {
  /** 1-based line (import) or message number (seed:demo), for error reports. */
  line: number;
  /** The message as parsed JSON; absent when the line could not be read. */
  message?: unknown;
  /** Why the line is not a message at all (not JSON, too large). */
  unreadable?: string;
  /** The messageId to use when the message has none (import: a hash of its line). */
  fallbackId?: string;
}

export interface InvalidLine {
  line: number;
  reason: string;
}

export interface WriteSummary {
  /** Newly stored messages. */
  imported: number;
  /** Valid messages already stored (earlier runs, or earlier in the same run). */
  duplicates: number;
  invalid: number;
  /** The first few invalid lines. */
  invalidLines: InvalidLine[];
  /** Messages from bots: counted on the project, not stored. */
  bots: number;
  seconds: number;
}

/** Where groups go: EventStore in the CLI, a fake in unit tests. */
export interface GroupSink {
  writeGroup(requests: WriteRequest[]): Promise<WriteOutcome[]>;
}

export interface WriteOptions {
  sink?: GroupSink;
  groupSize?: number;
  /** Called every few thousand messages and once at the end, with the messages read so far. */
  onProgress?: (read: number) => void;
  now?: () => number;
}

/**
 * When the message reached its first collector. Segment's archives carry it as
 * `receivedAt`; without one, `sentAt` stands in, so a historical message's clock
 * is taken as is instead of being "corrected" to the moment of the import
 * (API.md 2.1's timestamp = receivedAt - (sentAt - timestamp)).
 */
export function receivedAtOf(raw: Record<string, unknown>, importedAt: number): number {
  const instant = (value: unknown) => (typeof value === "string" || typeof value === "number" ? parseInstant(value) : null);
  return instant(raw.receivedAt) ?? instant(raw.sentAt) ?? importedAt;
}

/** The messageId of a line that has none: the same line always gets the same id. */
export function lineMessageId(line: string): string {
  return `import-${crypto.createHash("sha256").update(line).digest("base64url").slice(0, 32)}`;
}

function defaultSink(): GroupSink {
  const { db, kind, sqlite } = connections();
  if (sqlite) setCacheSize(sqlite, BULK_WRITE_CACHE_MB);
  return new EventStore(db, dialectFor(kind), sqlite);
}

/**
 * Validates, normalizes and enriches every item as /api/track does (without its
 * per-request message cap) and writes them to one project in groups of
 * `groupSize`, one transaction each. One group is written while the next is read
 * (on PostgreSQL: better-sqlite3 runs each statement synchronously).
 */
export async function writeRawMessages(projectId: string, items: AsyncIterable<RawItem> | Iterable<RawItem>, options: WriteOptions = {}): Promise<WriteSummary> {
  const sink = options.sink ?? defaultSink();
  const groupSize = options.groupSize ?? IMPORT_GROUP_SIZE;
  const now = options.now ?? Date.now;
  const started = now();
  const summary: WriteSummary = { imported: 0, duplicates: 0, invalid: 0, invalidLines: [], bots: 0, seconds: 0 };

  let messages: NormalizedMessage[] = [];
  let bots = 0;
  let read = 0;
  let writing: Promise<void> | null = null;
  let failure: { error: unknown } | null = null;

  const invalid = (line: number, reason: string) => {
    summary.invalid += 1;
    if (summary.invalidLines.length < INVALID_SAMPLES) summary.invalidLines.push({ line, reason });
  };

  /** Waits for the group being written; rethrows its failure. */
  const drain = async () => {
    if (writing) await writing;
    writing = null;
    if (failure) throw failure.error;
  };
  const flush = async () => {
    await drain();
    if (!messages.length && !bots) return;
    const request: WriteRequest = { projectId, messages, bots };
    messages = [];
    bots = 0;
    writing = sink.writeGroup([request]).then(
      ([outcome]) => {
        summary.imported += outcome.accepted - outcome.duplicates;
        summary.duplicates += outcome.duplicates;
        summary.bots += request.bots ?? 0;
      },
      (error: unknown) => {
        failure = { error };
      },
    );
  };

  let receivedAt = now();
  for await (const item of items) {
    read += 1;
    if ((read & 1023) === 0) {
      receivedAt = now();
      options.onProgress?.(read);
    }
    if (item.unreadable !== undefined) {
      invalid(item.line, item.unreadable);
      continue;
    }
    const checked = checkMessage(item.message, 0, false);
    if (!checked.ok) {
      invalid(item.line, checked.error.message);
      continue;
    }
    if (!checked.message.messageId && item.fallbackId) checked.message.messageId = item.fallbackId;
    const messageReceivedAt = receivedAtOf(item.message as Record<string, unknown>, receivedAt);
    // An archive's own receivedAt may be old, never in the future; the event's time must lie near it (as /api/track checks).
    if (messageReceivedAt > receivedAt + MAX_EVENT_LEAD_MS) {
      invalid(item.line, "receivedAt is in the future");
      continue;
    }
    const message = normalizeMessage(checked.message, messageReceivedAt);
    const outOfRange = checkEventTime(message.ts, messageReceivedAt, 0, false);
    if (outOfRange) {
      invalid(item.line, outOfRange.message);
      continue;
    }
    // Bots are counted and not stored, as in lib/ingest.
    if (enrich(message).bot) bots += 1;
    else messages.push(message);
    if (messages.length >= groupSize) await flush();
  }
  await flush();
  await drain();
  options.onProgress?.(read);
  summary.seconds = (now() - started) / 1000;
  return summary;
}

/**
 * Reads an NDJSON file line by line (constant memory); blank lines are skipped.
 * `position.chars` counts what was consumed (characters and newlines: bytes for ASCII),
 * which tracks progress better than the stream's read-ahead.
 */
export async function* ndjsonItems(input: NodeJS.ReadableStream, position: { chars: number } = { chars: 0 }): AsyncGenerator<RawItem> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    position.chars += text.length + 1;
    // Cheap first: UTF-8 takes at most 3 bytes per UTF-16 unit, so short lines need no count.
    if (text.length * 3 > MAX_MESSAGE_BYTES && Buffer.byteLength(text, "utf8") > MAX_MESSAGE_BYTES) {
      yield { line, unreadable: `over ${MAX_MESSAGE_BYTES / 1024} KB` };
      continue;
    }
    // A byte order mark some editors put at the start of the file is not part of the JSON.
    const trimmed = (line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).trim();
    if (!trimmed) continue;
    let message: unknown;
    try {
      message = JSON.parse(withoutNul(trimmed));
    } catch (error) {
      yield { line, unreadable: `not valid JSON (${(error as Error).message.split("\n")[0]})` };
      continue;
    }
    const needsId = isPlainObject(message) && (message.messageId === undefined || message.messageId === null);
    yield { line, message, fallbackId: needsId ? lineMessageId(trimmed) : undefined };
  }
}

/** The closing line of import and seed:demo. */
export function summaryLine(s: WriteSummary): string {
  const rate = s.seconds > 0 ? (s.imported + s.duplicates + s.bots + s.invalid) / s.seconds : 0;
  const samples = s.invalidLines.map((l) => `line ${l.line}: ${l.reason}`).join("; ");
  const more = s.invalid > s.invalidLines.length ? "; ..." : "";
  const invalid = s.invalid ? `invalid ${formatCount(s.invalid)} (${samples}${more})` : "invalid 0";
  return (
    `imported ${formatCount(s.imported)}, duplicates ${formatCount(s.duplicates)}, ${invalid}, bots ${formatCount(s.bots)}, ` +
    `in ${s.seconds.toFixed(1)} s (${formatCount(rate)} messages/s)`
  );
}

/** The project, or one clear error line. */
export async function requireProject(projectId: string): Promise<{ id: string; name: string; timezone: string }> {
  const project = await connections().prisma.project.findUnique({
    where: { id: projectId },
    select: { id: true, name: true, timezone: true },
  });
  if (!project) fail(`no project with id "${projectId}" (project:create prints the ids)`);
  return project;
}

/** The file to import, or one clear error line. */
export function checkImportFile(file: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === "ENOENT" ? `no such file: ${file}` : `cannot read ${file}: ${(error as Error).message}`);
  }
  if (stat.isDirectory()) fail(`${file} is a folder, not an NDJSON file`);
  return stat.size;
}

export async function importFile(options: { projectId: string; file: string }): Promise<WriteSummary> {
  const size = checkImportFile(options.file);
  await requireProject(options.projectId);
  const input = fs.createReadStream(options.file, { highWaterMark: 1024 * 1024 });
  const opened = new Promise<void>((resolve, reject) => {
    input.once("open", () => resolve());
    input.once("error", reject);
  });
  await opened.catch((error: Error) => fail(`cannot read ${options.file}: ${error.message}`));

  const progress = new Progress({ label: "importing", unit: "messages" });
  const position = { chars: 0 };
  try {
    return await writeRawMessages(options.projectId, ndjsonItems(input, position), {
      onProgress: (read) => progress.update(size ? position.chars / size : 1, read),
    });
  } finally {
    progress.stop();
    input.destroy();
  }
}
