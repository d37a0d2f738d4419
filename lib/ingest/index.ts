// lib/ingest: from an HTTP request to acknowledged, stored messages (DESIGN.md
// "The flow of one event"): body -> validate -> normalize -> enrich -> writer
// (which resolves identity). Knows HTTP requests, not the database behind the writer.
import { ApiError } from "../http/errors";
import { projectForWriteKey, type IngestProject } from "../projects/writeKeyLookup";
import { applyPlan } from "../plan/apply";
import { planCheckerFor } from "../plan/cache";
import { eventWriter } from "../store";
import type { PlanWrite } from "../store/trackingPlan";
import { readJsonBody } from "./body";
import { enrich } from "./enrich";
import { takeAllowance } from "./rateLimit";
import type { MessageType } from "./message";
import { normalizeMessage, type NormalizedMessage } from "./normalize";
import { checkEventTime, checkMessage, enforceRequestLimits, splitBody, type MessageError, type SplitBody } from "./validate";
import { writeKeyBeforeBody, writeKeyFromBody } from "./writeKey";

export interface IngestAnswer {
  status: 200 | 400;
  body: {
    accepted: number;
    duplicates?: number;
    /** Only when the project has a tracking plan (API.md 7). */
    violations?: number;
    blocked?: number;
    errors?: MessageError[];
    error?: { code: string; message: string };
  };
}

export interface IngestOptions {
  /** Set by the /v1/<type> routes: every message is of that type. */
  forcedType?: MessageType;
  /** Set by /v1/batch and /v1/<type>: the Segment envelope shapes. */
  shape?: "any" | "batch" | "single";
  /** A vendor's per-message translation into section 2.1 (RudderStack's on the /v1 routes). */
  translateMessage?: (raw: unknown) => unknown;
}

function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || null;
}

/**
 * Whether the request itself came from a web page (API.md 2.3). Only then do its
 * User-Agent and IP describe the end user; a server library's or curl's never do.
 * Sec-Fetch-Mode alone does not count: Node's own fetch sends it too.
 */
export function isBrowserRequest(headers: Headers): boolean {
  return headers.has("origin") || headers.has("referer") || headers.has("sec-fetch-site") || headers.has("sec-fetch-dest");
}

export async function resolveProject(writeKey: string | null): Promise<IngestProject> {
  if (!writeKey) {
    throw new ApiError(401, "missing_write_key", "Send the project's write key as Basic auth username, an X-Write-Key header, a writeKey query parameter or a writeKey field.");
  }
  const project = await projectForWriteKey(writeKey);
  if (!project) throw new ApiError(401, "invalid_write_key", "No project has this write key.");
  return project;
}

/** The per-message answer (API.md 2.3) for a message whose new event name is past the project's cap. */
function eventNameRefused(index: number, isList: boolean, event: string, cap: number): MessageError {
  const path = isList ? `batch[${index}].event` : "event";
  return {
    index,
    path,
    code: "event_name_limit",
    message: `${path} ${JSON.stringify(event.slice(0, 100))} is a new event name and the project already has its ${cap} (the cap in its settings): not stored`,
  };
}

/** What happened to one request's messages: the counts and each refused message. */
export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  /** Sorted by index. */
  errors: MessageError[];
  /** How many messages the request carried. */
  total: number;
  /** What the project's tracking plan found; absent when it has none. */
  plan?: { violations: number; blocked: number };
}

/**
 * The path every ingestion route shares once it has a project and a list of
 * section 2.1 messages (from /api/track's body or a vendor translator):
 * request limits, rate limit, validation, clock-skew correction, enrichment,
 * the bot rule, and the writer's durable, de-duplicated commit.
 */
export async function ingestMessages(
  project: IngestProject,
  split: SplitBody,
  headers: Headers,
  receivedAt: number,
  options: { forcedType?: MessageType; joinsIds?: boolean } = {},
): Promise<IngestOutcome> {
  enforceRequestLimits(split.raw);
  takeAllowance(project.id, project.rateLimitPerSecond, split.raw.length);

  const errors: MessageError[] = [];
  let messages: NormalizedMessage[] = [];
  /** Each stored message's index in the request, for the writer's per-message refusals. */
  let indexes: number[] = [];
  const fromBrowser = isBrowserRequest(headers);
  const envelope = {
    context: split.envelopeContext,
    sentAt: split.envelopeSentAt,
    requestIp: fromBrowser ? clientIp(headers) : null,
    requestUserAgent: fromBrowser ? headers.get("user-agent") : null,
  };
  let bots = 0;
  split.raw.forEach((raw, index) => {
    const checked = checkMessage(raw, index, split.isList, options.forcedType);
    if (!checked.ok) {
      errors.push(checked.error);
      return;
    }
    const message = normalizeMessage(checked.message, receivedAt, envelope);
    if (options.joinsIds && message.userId && message.anonymousId) message.joinsIds = true;
    const outOfRange = checkEventTime(message.ts, receivedAt, index, split.isList);
    if (outOfRange) {
      errors.push(outOfRange);
      return;
    }
    // Bots are answered like everyone else, counted, and not stored.
    if (enrich(message).bot) bots += 1;
    else {
      messages.push(message);
      indexes.push(index);
    }
  });

  // The tracking plan (API.md 7): a project without one skips this at the cost of a map lookup.
  const checker = await planCheckerFor(project.id);
  let plan: PlanWrite | undefined;
  let violations = 0;
  if (checker) {
    const checked = applyPlan(checker, messages);
    indexes = checked.positions.map((position) => indexes[position]);
    messages = checked.stored;
    plan = checked.write;
    violations = checked.violations;
  }

  const written = await eventWriter().write({ projectId: project.id, messages, bots, limits: project.limits, plan });
  for (const refused of written.refused) {
    const index = indexes[refused];
    errors.push(eventNameRefused(index, split.isList, messages[refused].event, project.limits.eventNames));
  }
  errors.sort((a, b) => a.index - b.index);
  return {
    accepted: written.accepted + bots,
    duplicates: written.duplicates,
    errors,
    total: split.raw.length,
    ...(checker ? { plan: { violations, blocked: plan?.quarantine.length ?? 0 } } : {}),
  };
}

export async function ingest(request: Request, options: IngestOptions = {}): Promise<IngestAnswer> {
  const receivedAt = Date.now();
  const headerKey = writeKeyBeforeBody(request);
  // A wrong key in a header or the query string is refused before the body is
  // even read; a key only in the body costs one parse, bounded in depth (body.ts).
  const headerProject = headerKey ? await resolveProject(headerKey) : null;
  const body = await readJsonBody(request);
  const project = headerProject ?? (await resolveProject(writeKeyFromBody(body)));

  if (options.shape === "batch" && !(body && typeof body === "object" && !Array.isArray(body) && "batch" in body)) {
    throw new ApiError(400, "invalid_batch", "This route takes {\"batch\": [...]}.", { accepted: 0, errors: [] });
  }
  if (options.shape === "single" && (Array.isArray(body) || (body && typeof body === "object" && "batch" in body))) {
    throw new ApiError(400, "invalid_body", "This route takes one message; send lists to /v1/batch.", { accepted: 0, errors: [] });
  }
  const split = splitBody(body);
  if (options.translateMessage) split.raw = split.raw.map(options.translateMessage);
  const outcome = await ingestMessages(project, split, request.headers, receivedAt, { forcedType: options.forcedType });
  const { errors } = outcome;
  if (errors.length) {
    const first = errors[0];
    return {
      status: 400,
      body: {
        error: {
          code: "invalid_messages",
          message: `${errors.length} of ${outcome.total} messages were not stored (first: ${first.message}); the others were stored.`,
        },
        accepted: outcome.accepted,
        duplicates: outcome.duplicates,
        ...outcome.plan,
        errors,
      },
    };
  }
  return { status: 200, body: { accepted: outcome.accepted, duplicates: outcome.duplicates, ...outcome.plan } };
}
