// The one query model of API.md 3.1: zod schemas for every report, served
// alike to the dashboard and to POST /api/projects/{id}/query.
import { z } from "zod";
import { MAX_BUCKETS } from "./timeBuckets";

const isoInstant = z
  .string({ message: "must be an ISO 8601 date" })
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: "must be an ISO 8601 date" })
  .transform((v) => Date.parse(v));

const eventName = z.string({ message: "must be an event name" }).min(1, { message: "must not be empty" }).max(200);
const propertyName = z.string({ message: "must be a property name" }).min(1, { message: "must not be empty" }).max(400);

export const FILTER_OPERATORS = ["eq", "neq", "contains", "not_contains", "gt", "gte", "lt", "lte", "in", "is_set", "is_not_set"] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

const scalar = z.union([z.string().max(2000), z.number().finite(), z.boolean()]);

export const filterSchema = z
  .object({
    property: propertyName,
    scope: z.enum(["event", "user"], { message: "must be event or user" }).default("event"),
    op: z.enum(FILTER_OPERATORS, { message: `must be one of ${FILTER_OPERATORS.join(", ")}` }),
    value: z.union([scalar, z.array(scalar).max(1000)]).optional(),
  })
  .superRefine((filter, ctx) => {
    const { op, value } = filter;
    if (op === "is_set" || op === "is_not_set") return;
    if (value === undefined) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `is required for ${op}` });
    } else if (op === "in" && !Array.isArray(value)) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "must be a list for in" });
    } else if (op !== "in" && Array.isArray(value)) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `must be a single value for ${op}` });
    } else if (["gt", "gte", "lt", "lte"].includes(op) && typeof value !== "number") {
      ctx.addIssue({ code: "custom", path: ["value"], message: `must be a number for ${op}` });
    } else if ((op === "contains" || op === "not_contains") && typeof value !== "string") {
      ctx.addIssue({ code: "custom", path: ["value"], message: `must be a string for ${op}` });
    }
  });

/** A property filter (the only kind a cohort definition's `where` takes). */
export type Filter = z.output<typeof filterSchema>;

const cohortId = z.string({ message: "must be a cohort id" }).min(1, { message: "must not be empty" }).max(100);

/**
 * Membership of a cohort (API.md 5): the event's person is (negate: is not) a
 * member as of the cohort's last computation.
 */
export const cohortFilterSchema = z
  .object({
    cohort: cohortId,
    negate: z.boolean({ message: "must be true or false" }).default(false),
  })
  .strict();

export type CohortFilter = z.output<typeof cohortFilterSchema>;

/** What a report's `where` lists: property filters and cohort filters. */
export type WhereFilter = Filter | CohortFilter;

export function isCohortFilter(filter: WhereFilter): filter is CohortFilter {
  return "cohort" in filter;
}

const isObjectWith = (value: unknown, key: string): boolean => typeof value === "object" && value !== null && !Array.isArray(value) && key in value;

/**
 * `first` when the input carries `key`, else `second`. Unlike z.union, a bad
 * filter's message names its own problem ("op must be one of ...") instead of
 * "invalid input" from whichever branch zod tried last.
 */
function chooseBy<A extends z.ZodType, B extends z.ZodType>(key: string, first: A, second: B) {
  return z.custom<z.input<A> | z.input<B>>().transform((value, ctx): z.output<A> | z.output<B> => {
    const parsed = (isObjectWith(value, key) ? first : second).safeParse(value);
    if (parsed.success) return parsed.data as z.output<A> | z.output<B>;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
    return z.NEVER;
  });
}

export const whereFilterSchema = chooseBy("cohort", cohortFilterSchema, filterSchema);

const whereSchema = z.array(whereFilterSchema).max(50).default([]);

/** A breakdown by a property's value (top `limit` values plus "$other"). */
export const breakdownSchema = z.object({
  property: propertyName,
  scope: z.enum(["event", "user"]).default("event"),
  /** How many values get their own series; the rest are summed as "$other". */
  limit: z.number().int().min(1).max(50).default(10),
});

export type Breakdown = z.output<typeof breakdownSchema>;

/** The breakdown value of persons in none of a cohort breakdown's cohorts. */
export const NO_COHORT = "$none";

/**
 * A breakdown by cohorts (API.md 5): one series per cohort, its breakdownValue
 * the cohort's id, plus NO_COHORT; a person in two cohorts counts in both.
 */
export const cohortBreakdownSchema = z
  .object({
    cohorts: z
      .array(cohortId)
      .min(1, { message: "must list at least one cohort" })
      .max(10, { message: "must list at most 10 cohorts" })
      .refine((ids) => new Set(ids).size === ids.length, { message: "must not list a cohort twice" }),
  })
  .strict();

export type CohortBreakdown = z.output<typeof cohortBreakdownSchema>;

export type ReportBreakdown = Breakdown | CohortBreakdown;

export function isCohortBreakdown(breakdown: ReportBreakdown): breakdown is CohortBreakdown {
  return "cohorts" in breakdown;
}

const reportBreakdownSchema = chooseBy("cohorts", cohortBreakdownSchema, breakdownSchema);

const range = {
  from: isoInstant,
  to: isoInstant,
  where: whereSchema,
};

export const MATHS = ["total", "unique_users", "sum", "avg", "min", "max", "median", "p90"] as const;
export type SeriesMath = (typeof MATHS)[number];
export const PROPERTY_MATHS: readonly SeriesMath[] = ["sum", "avg", "min", "max", "median", "p90"];

export const seriesSchema = z
  .object({
    event: eventName,
    math: z.enum(MATHS, { message: `must be one of ${MATHS.join(", ")}` }).default("total"),
    property: propertyName.optional(),
    where: whereSchema,
    label: z.string().max(200).optional(),
  })
  .superRefine((series, ctx) => {
    if (PROPERTY_MATHS.includes(series.math) && !series.property) {
      ctx.addIssue({ code: "custom", path: ["property"], message: `is required for math ${series.math}` });
    }
  });

export type Series = z.output<typeof seriesSchema>;

export const INTERVALS = ["hour", "day", "week", "month"] as const;

export const trendsSchema = z.object({
  kind: z.literal("trends"),
  ...range,
  series: z.array(seriesSchema).min(1, { message: "needs at least one series" }).max(10),
  interval: z.enum(INTERVALS, { message: `must be one of ${INTERVALS.join(", ")}` }).default("day"),
  breakdown: reportBreakdownSchema.optional(),
});

export const funnelStepSchema = z.object({ event: eventName, where: whereSchema, label: z.string().max(200).optional() });

export const funnelSchema = z.object({
  kind: z.literal("funnel"),
  ...range,
  steps: z.array(funnelStepSchema).min(2, { message: "needs at least two steps" }).max(20),
  windowSeconds: z
    .number({ message: "must be a number of seconds" })
    .int()
    .min(1)
    .max(366 * 24 * 3600)
    .default(14 * 24 * 3600),
  breakdown: reportBreakdownSchema.optional(),
});

export const retentionSchema = z.object({
  kind: z.literal("retention"),
  ...range,
  startEvent: eventName,
  returnEvent: eventName,
  interval: z.enum(["day", "week"], { message: "must be day or week" }).default("day"),
  periods: z.number().int().min(1).max(120).default(8),
  /** Retention has no property breakdown; by cohorts, one table per cohort. */
  breakdown: cohortBreakdownSchema.optional(),
});

export const pathsSchema = z.object({
  kind: z.literal("paths"),
  ...range,
  /**
   * What a step is: an event's name, or (pages) the page a $pageview was on
   * ($pathname) or the screen a $screen named; startEvent, endEvent and
   * exclude then name pages.
   */
  mode: z.enum(["events", "pages"], { message: 'must be "events" or "pages"' }).default("events"),
  startEvent: eventName.optional(),
  endEvent: eventName.optional(),
  steps: z.number().int().min(2, { message: "must be 2 to 8" }).max(8, { message: "must be 2 to 8" }).default(5),
  /** Most distinct events kept per step; the rest are grouped as "$other". */
  maxEventsPerStep: z.number().int().min(1).max(50).default(10),
  /** Events left out of every path, as if never sent (e.g. $identify). */
  exclude: z.array(eventName).max(50, { message: "must list at most 50 events" }).default([]),
}).superRefine((q, ctx) => {
  for (const [field, name] of [["startEvent", q.startEvent], ["endEvent", q.endEvent]] as const) {
    if (name !== undefined && q.exclude.includes(name)) ctx.addIssue({ code: "custom", path: ["exclude"], message: `must not contain the ${field === "startEvent" ? "start" : "end"} event` });
  }
});

export const reportSchema = z
  .discriminatedUnion("kind", [trendsSchema, funnelSchema, retentionSchema, pathsSchema], {
    message: "must be one of trends, funnel, retention, paths",
  })
  .superRefine((report, ctx) => {
    if (report.to <= report.from) ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
  });

export type TrendsQuery = z.output<typeof trendsSchema>;
export type FunnelQuery = z.output<typeof funnelSchema>;
export type RetentionQuery = z.output<typeof retentionSchema>;
export type PathsQuery = z.output<typeof pathsSchema>;
export type ReportQuery = z.output<typeof reportSchema>;
export type ReportInput = z.input<typeof reportSchema>;

export { MAX_BUCKETS };
