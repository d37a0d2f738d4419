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

export type Filter = z.output<typeof filterSchema>;

const whereSchema = z.array(filterSchema).max(50).default([]);

export const breakdownSchema = z.object({
  property: propertyName,
  scope: z.enum(["event", "user"]).default("event"),
  /** How many values get their own series; the rest are summed as "$other". */
  limit: z.number().int().min(1).max(50).default(10),
});

export type Breakdown = z.output<typeof breakdownSchema>;

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
  breakdown: breakdownSchema.optional(),
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
  breakdown: breakdownSchema.optional(),
});

export const retentionSchema = z.object({
  kind: z.literal("retention"),
  ...range,
  startEvent: eventName,
  returnEvent: eventName,
  interval: z.enum(["day", "week"], { message: "must be day or week" }).default("day"),
  periods: z.number().int().min(1).max(120).default(8),
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
