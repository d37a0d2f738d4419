// The persons behind one number of a report, for "Save as cohort" (API.md 5):
// a funnel step's converted or dropped persons, a retention cell, the users
// list with its filters. Each is found by the report's own code, so a cohort
// saved from a number has exactly that many members.
import { z } from "zod";
import { ApiError } from "../http/errors";
import type { ReportContext } from "./context";
import { cohortsOfQuery } from "./cohortsUsed";
import { funnelStepPersonIds } from "./funnel";
import { isCohortFilter, whereFilterSchema, type FunnelQuery, type RetentionQuery } from "./model";
import { filterLists, parseReport, withinReportLimit } from "./report";
import { retentionCellPersonIds } from "./retention";
import { listedPersonIds, usersQuerySchema } from "./users";

const breakdownValueSchema = z.object({ value: z.unknown() }).strict();
const reportSchema = z.record(z.string(), z.unknown(), { message: "must be a report (an object)" });

export const personsSourceSchema = z.discriminatedUnion(
  "type",
  [
    z
      .object({
        type: z.literal("funnel"),
        query: reportSchema,
        /** 1-based. converted: reached this step; dropped: reached it and not the next. */
        step: z.number().int().min(1).max(20),
        persons: z.enum(["converted", "dropped"]),
        breakdownValue: breakdownValueSchema.optional(),
      })
      .strict(),
    z
      .object({
        type: z.literal("retention"),
        query: reportSchema,
        /** The cohort row's `start`, as the report answered it. */
        cohort: z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: "must be an ISO 8601 date (a row's start)" }),
        /** 0: the whole row; n: those back in the n-th interval. */
        period: z.number().int().min(0).max(1000),
        breakdownValue: breakdownValueSchema.optional(),
      })
      .strict(),
    z
      .object({
        type: z.literal("users"),
        where: z.array(whereFilterSchema).max(20).default([]),
        search: usersQuerySchema.shape.search,
      })
      .strict(),
  ],
  { message: 'must be a funnel step, a retention cell or the users list ("type": "funnel" | "retention" | "users")' },
);
export type PersonsSource = z.output<typeof personsSourceSchema>;

/** A funnel or retention report of the source, parsed and checked like POST .../query (400s). */
async function sourceReport<K extends "funnel" | "retention">(ctx: ReportContext, kind: K, input: Record<string, unknown>) {
  const query = parseReport({ ...input, kind });
  if (query.kind !== kind) throw new ApiError(400, "invalid_query", `query must be a ${kind} report`);
  await cohortsOfQuery(ctx.projectId, { filterLists: filterLists(query), breakdown: query.breakdown });
  return query as K extends "funnel" ? FunnelQuery : RetentionQuery;
}

/** The internal ids of the source's persons; more than `limit` is a 400 (narrow the report first). */
export async function personsOfSource(ctx: ReportContext, source: PersonsSource, limit: number): Promise<number[]> {
  let ids: number[];
  if (source.type === "users") {
    const where = source.where.map((f) => (isCohortFilter(f) ? f : { ...f, scope: "user" as const }));
    ids = await listedPersonIds(ctx, { where, search: source.search }, limit);
  } else if (source.type === "funnel") {
    const q = await sourceReport(ctx, "funnel", source.query);
    if (source.step > q.steps.length) throw new ApiError(400, "invalid_cohort", `from.step must be at most ${q.steps.length}, the funnel's steps`);
    if (source.persons === "dropped" && source.step === q.steps.length) throw new ApiError(400, "invalid_cohort", "Nobody drops out after the last step: choose an earlier one.");
    ids = await withinReportLimit(ctx, (c) => funnelStepPersonIds(c, q, source.step, source.persons, source.breakdownValue));
  } else {
    const q = await sourceReport(ctx, "retention", source.query);
    if (source.period >= q.periods) throw new ApiError(400, "invalid_cohort", `from.period must be below ${q.periods}, the report's periods`);
    ids = await withinReportLimit(ctx, (c) => retentionCellPersonIds(c, q, source.cohort, source.period, source.breakdownValue));
  }
  if (ids.length > limit) throw new ApiError(400, "too_many_persons", `A static cohort holds at most ${limit} persons; narrow the report first.`);
  return ids;
}
