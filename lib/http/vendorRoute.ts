// The shared body of the vendor SDK routes (API.md 2.5): read and decode the
// payload, translate it (lib/ingest/vendors), then the very path /api/track
// takes (ingestMessages), answered in the shape the vendor's SDK expects.
import { ApiError } from "./errors";
import { credentialedCorsHeaders } from "./cors";
import { ingestMessages, resolveProject, type IngestOutcome } from "../ingest";
import { readBodyBytes } from "../ingest/body";
import { decodeVendorPayload } from "../ingest/vendors/decode";
import type { Translation } from "../ingest/vendors/shared";
import { writeKeyBeforeBody } from "../ingest/writeKey";
import { recordProjectAudit } from "../audit";
import { eraseByDistinctIds } from "../store/erase";

export interface VendorAnswer {
  status: number;
  /** JSON, or text (Mixpanel answers a bare `1`). */
  body: unknown;
  text?: boolean;
}

export interface VendorProtocol {
  translate(payload: unknown, query: URLSearchParams, receivedAt: number): Translation;
  /**
   * Whether any event carrying both ids joins them (Mixpanel's simplified ID
   * merge, Amplitude), not only identify and alias.
   */
  joinsIds?: boolean;
  /** The answer for a request whose messages went through ingestion; `bytes` is the decoded body's size. */
  answer(outcome: IngestOutcome, query: URLSearchParams, bytes: number): VendorAnswer;
  /** The answer for a request refused as a whole (unreadable, no key, too large, rate limited...). */
  refuse(error: ApiError, query: URLSearchParams): VendorAnswer;
}

function respond(answer: VendorAnswer, headers: Record<string, string>): Response {
  if (answer.text) {
    return new Response(String(answer.body), { status: answer.status, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
  }
  return Response.json(answer.body, { status: answer.status, headers });
}

/** The sentence of the first refused message, for the vendors' one-line error fields. */
export function outcomeSentence(outcome: IngestOutcome): string {
  const first = outcome.errors[0];
  return `${outcome.errors.length} of ${outcome.total} events were not stored (first: ${first.message}); the others were stored.`;
}

export async function ingestVendorRequest(request: Request, protocol: VendorProtocol): Promise<Response> {
  const headers = credentialedCorsHeaders(request);
  let query = new URLSearchParams();
  try {
    query = new URL(request.url).searchParams;
    const receivedAt = Date.now();
    const bytes = request.method === "GET" ? Buffer.alloc(0) : await readBodyBytes(request);
    const payload = decodeVendorPayload(bytes, request.headers.get("content-type"), query);
    const translation = protocol.translate(payload, query, receivedAt);
    const writeKey = translation.writeKey ?? writeKeyBeforeBody(request);
    const project = await resolveProject(writeKey);
    const outcome = await ingestMessages(project, translation.split, request.headers, receivedAt, { joinsIds: protocol.joinsIds });
    if (translation.erase?.length) {
      const erased = await eraseByDistinctIds(project.id, translation.erase);
      // Who asked is not written down beyond the route: the ids may be emails.
      const { clickhouse, ...counts } = erased;
      if (erased.persons) {
        await recordProjectAudit(project.id, { actorUserId: null, action: "person.erased", details: { ...counts, via: "write_key", ...(clickhouse ? { clickhouse: clickhouse.status } : {}) } });
      }
      // The vendor's answer has no place for it: the server log says it (never the ids).
      if (clickhouse && clickhouse.status !== "done") console.warn(`[crumbtrail] erase in project ${project.id}: ${clickhouse.message}`);
    }
    return respond(protocol.answer(outcome, query, bytes.length), headers);
  } catch (error) {
    if (error instanceof ApiError) return respond(protocol.refuse(error, query), { ...headers, ...error.headers });
    console.error("[crumbtrail] unexpected error", error);
    return respond(protocol.refuse(new ApiError(500, "internal_error", "Something went wrong on the server; it has been logged."), query), headers);
  }
}
