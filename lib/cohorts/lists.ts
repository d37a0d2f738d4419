// Lists of distinct ids sent for a static cohort: JSON {"distinctIds": [...]}
// or a CSV whose first column is the distinct id (API.md 5).
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { ApiError } from "../http/errors";
import { readCappedBody } from "../http/cappedBody";
import { MAX_LISTED_IDS } from "./index";

/** A list of 100,000 ids of up to 200 characters, with room for CSV's other columns. */
export const MAX_LIST_BYTES = 20 * 1024 * 1024;

/** First cells that name the column rather than a person. */
const HEADERS = new Set(["distinct_id", "distinctid", "distinct id", "distinct_ids", "user_id", "userid", "anonymous_id", "id"]);

/** The first column of each row; a first row that is a header (distinct_id, userId, id...) is skipped. */
export function distinctIdsFromCsv(text: string): string[] {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new ApiError(400, "invalid_csv", `The CSV could not be read: ${error instanceof Error ? error.message : "unknown problem"}.`);
  }
  const ids = rows.map((row) => row[0] ?? "").filter(Boolean);
  if (ids.length && HEADERS.has(ids[0].toLowerCase())) ids.shift();
  if (ids.length > MAX_LISTED_IDS) throw new ApiError(400, "too_many_ids", `A list holds at most ${MAX_LISTED_IDS} distinct ids.`);
  return ids;
}

const listBody = z
  .object({
    distinctIds: z.array(z.union([z.string(), z.number().finite()]), { message: "must be a list of distinct ids" }).max(MAX_LISTED_IDS, { message: `must list at most ${MAX_LISTED_IDS} ids` }),
  })
  .strict();

/** The distinct ids of a members request: a text/csv body, or JSON {"distinctIds": [...]}. */
export async function readDistinctIds(request: Request): Promise<string[]> {
  const raw = (await readCappedBody(request, MAX_LIST_BYTES)).toString("utf8");
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("text/csv")) return distinctIdsFromCsv(raw);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new ApiError(400, "invalid_json", 'The body must be {"distinctIds": [...]} as JSON, or a text/csv list.');
  }
  const parsed = listBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, "invalid_members", `${issue.path.join(".")} ${issue.message}`.trim());
  }
  return parsed.data.distinctIds.map(String);
}
