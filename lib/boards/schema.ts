// What a board is made of (API.md 8), checked with zod at the API's edge:
// a name, a date range (a preset or from/to), `where` filters, and tiles.
import { z } from "zod";
import { reportSchema, whereFilterSchema } from "../query/model";

/** The presets a board may name, as API.md spells them, and the dashboard's own names for them. */
export const BOARD_RANGES = {
  last_24_hours: "24h",
  last_7_days: "7d",
  last_30_days: "30d",
  last_90_days: "90d",
} as const;
export type BoardRangeName = keyof typeof BOARD_RANGES;
export const DEFAULT_BOARD_RANGE: BoardRangeName = "last_30_days";

const SHORT_NAMES = Object.fromEntries(Object.entries(BOARD_RANGES).map(([long, short]) => [short, long])) as Record<string, BoardRangeName>;

const rangeName = z
  .string({ message: "must be a range name" })
  .transform((value, ctx): BoardRangeName => {
    if (Object.hasOwn(BOARD_RANGES, value)) return value as BoardRangeName;
    if (Object.hasOwn(SHORT_NAMES, value)) return SHORT_NAMES[value];
    ctx.addIssue({ code: "custom", message: `must be one of ${Object.keys(BOARD_RANGES).join(", ")}` });
    return z.NEVER;
  });

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date (YYYY-MM-DD, a whole day in the project's zone) or an ISO 8601 instant. */
const boardDate = z
  .string({ message: "must be a date" })
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: "must be an ISO 8601 date or YYYY-MM-DD" });

export function isDateOnly(value: string): boolean {
  return DATE_ONLY.test(value);
}

export const whereSchema = z.array(whereFilterSchema).max(50, { message: "must have at most 50 filters" });

/** The board-wide range and filters: `range`, or `from` and `to` (custom dates win). */
export const scopeFields = {
  range: rangeName.optional(),
  from: boardDate.optional(),
  to: boardDate.optional(),
  where: whereSchema.optional(),
};

export interface BoardScope {
  range?: BoardRangeName;
  from?: string;
  to?: string;
  where: z.output<typeof whereSchema>;
}

/** The scope as stored: custom dates when both are given, else a preset. */
export function normalizeScope(input: { range?: BoardRangeName; from?: string; to?: string; where?: BoardScope["where"] }, previous?: BoardScope): BoardScope {
  const where = input.where ?? previous?.where ?? [];
  if (input.from !== undefined || input.to !== undefined) {
    const from = input.from ?? previous?.from;
    const to = input.to ?? previous?.to;
    if (from && to) return { from, to, where };
  }
  if (input.range) return { range: input.range, where };
  if (previous) return { ...previous, where };
  return { range: DEFAULT_BOARD_RANGE, where };
}

// --- tiles ----------------------------------------------------------------

export const GRID_COLUMNS = 12;

const position = {
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { message: "must be 1 to 40 letters, digits, - or _" }).optional(),
  x: z.number().int().min(0).max(GRID_COLUMNS - 1).default(0),
  y: z.number().int().min(0).max(10_000).default(0),
  w: z.number().int().min(1).max(GRID_COLUMNS).default(6),
  h: z.number().int().min(1).max(40).default(4),
};

const title = z.string({ message: "must be a title" }).trim().min(1, { message: "must not be empty" }).max(200);

/** A report of 3.1 without its range: the board gives it one. */
const tileReport = z
  .record(z.string(), z.unknown(), { message: "must be a report query" })
  .transform((query, ctx) => {
    const { from: _from, to: _to, ...rest } = query;
    const check = reportSchema.safeParse({ ...rest, from: "2000-01-01T00:00:00Z", to: "2000-01-02T00:00:00Z" });
    if (!check.success) {
      for (const issue of check.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return rest;
  });

const reportTileSchema = z.object({ ...position, title, report: tileReport }).strict();
const savedTileSchema = z.object({ ...position, title, savedReportId: z.string().min(1).max(200) }).strict();
/** The Overview's numbers (events and unique users per bucket, top events): no report of 3.1 counts every event. */
export const OVERVIEW_METRICS = ["events", "users", "top_events"] as const;
const overviewTileSchema = z
  .object({ ...position, title, overview: z.enum(OVERVIEW_METRICS, { message: `must be one of ${OVERVIEW_METRICS.join(", ")}` }) })
  .strict();
const textTileSchema = z
  .object({ ...position, title: title.optional(), text: z.string({ message: "must be Markdown text" }).max(20_000, { message: "must be at most 20000 characters" }) })
  .strict();

/** A tile, told apart by the key it carries (report, savedReportId or text), so an error names its own problem. */
export const tileSchema = z.custom<unknown>().transform((value, ctx) => {
  const has = (key: string) => typeof value === "object" && value !== null && !Array.isArray(value) && key in value;
  const schema = has("report") ? reportTileSchema : has("savedReportId") ? savedTileSchema : has("overview") ? overviewTileSchema : has("text") ? textTileSchema : null;
  if (!schema) {
    ctx.addIssue({ code: "custom", message: 'must have "report", "savedReportId", "overview" or "text"' });
    return z.NEVER;
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as TileInput;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  return z.NEVER;
});

export const MAX_TILES = 60;
export const tilesSchema = z.array(tileSchema).max(MAX_TILES, { message: `must have at most ${MAX_TILES} tiles` });

interface Position {
  id?: string;
  x: number;
  y: number;
  w: number;
  h: number;
}
export type OverviewMetric = (typeof OVERVIEW_METRICS)[number];
export type TileInput = Position &
  ({ title: string; report: Record<string, unknown> } | { title: string; savedReportId: string } | { title: string; overview: OverviewMetric } | { title?: string; text: string });
/** A stored tile always has an id (the layout and the tile's own answer name it). */
export type Tile = TileInput & { id: string };

const name = z.string({ message: "must be a name" }).trim().min(1, { message: "must not be empty" }).max(100, { message: "must be at most 100 characters" });

export const createBoardSchema = z.object({ name, ...scopeFields, tiles: tilesSchema.default([]) }).strict();
export type CreateBoardInput = z.output<typeof createBoardSchema>;

export const updateBoardSchema = z.object({ name: name.optional(), ...scopeFields, tiles: tilesSchema.optional() }).strict();
export type UpdateBoardInput = z.output<typeof updateBoardSchema>;

/** What a tile's answer may be asked to use instead of the board's stored range and filters (the board page's controls). */
export const tileRequestSchema = z
  .object({ ...scopeFields, compare: z.boolean().default(false) })
  .strict();
export type TileRequest = z.output<typeof tileRequestSchema>;

export const storedScopeSchema = z.object({ range: rangeName.optional(), from: boardDate.optional(), to: boardDate.optional(), where: whereSchema.default([]) });
