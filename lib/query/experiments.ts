// The rows an experiment's analysis (lib/experiments/analysis.ts) is computed
// from, one per exposed person: who saw which variant first when, and per
// metric what each of them did from that moment on. Events carry the stitched
// person (person_id), so a person's anonymous and identified events count as
// one. Every name (event, property, key, variant) is a bound parameter.
// With ctx.clickhouse the same rows come from ClickHouse (clickhouse/experiments.ts).
import { sql, type RawBuilder } from "kysely";
import { activityAfterExposureInClickHouse, activityByWindowInClickHouse, exposedPersonsInClickHouse, type ExperimentRead } from "./clickhouse/experiments";
import type { ReportContext } from "./context";
import type { ActivityWindow, ExposedPerson, ExposureQuery, PersonActivity, VariantActivity } from "./experimentRows";
import { windowValues } from "./sqlDialect";

export type { ActivityWindow, ExposedPerson, ExposureQuery, ExposureSource, PersonActivity, VariantActivity } from "./experimentRows";

/** The experiment's ClickHouse read when the report context reads there (lib/experiments/results.ts), else null. */
function clickHouseRead(ctx: ReportContext, query: ExposureQuery): ExperimentRead | null {
  return ctx.clickhouse ? { source: ctx.clickhouse, projectId: ctx.projectId, query, signal: ctx.signal } : null;
}

/** Every exposure event of the experiment in range: (person_id, ts, variant), one row each. */
function exposureRows(ctx: ReportContext, query: ExposureQuery): RawBuilder<unknown> {
  const { dialect } = ctx;
  const arms = query.sources.map((source) => {
    const props = sql.ref("e.properties");
    const name = source.variantProperty;
    // A string is the variant's key; true and false stand for one only when the source says so (NULL: not an exposure).
    const variant = sql`(CASE WHEN ${dialect.typeOf(props, name)} = 'string' THEN ${dialect.textOf(props, name)}
      WHEN ${dialect.equals(props, name, true)} THEN cast(${source.booleanVariants?.true ?? null} as text)
      WHEN ${dialect.equals(props, name, false)} THEN cast(${source.booleanVariants?.false ?? null} as text) END)`;
    return sql`SELECT e.person_id AS person_id, e.ts AS ts, ${variant} AS variant
      FROM ${dialect.eventsByNameAndTime}
      WHERE e.project_id = ${ctx.projectId} AND e.event = ${source.event} AND e.ts >= ${query.from} AND e.ts < ${query.to}
        AND ${dialect.textOf(props, source.experimentProperty)} = ${query.key}
        AND ${variant} IN (${sql.join(query.variants)})`;
  });
  return sql.join(arms, sql` UNION ALL `);
}

/** One row per exposed person: the first exposure, and whether all their exposures named one variant. */
function exposedRows(ctx: ReportContext, query: ExposureQuery): RawBuilder<unknown> {
  return sql`SELECT x.person_id AS person_id, MIN(x.ts) AS exposed_at, MIN(x.variant) AS variant, MAX(x.variant) AS other_variant
    FROM (${exposureRows(ctx, query)}) x GROUP BY x.person_id`;
}

export async function exposedPersons(ctx: ReportContext, query: ExposureQuery): Promise<ExposedPerson[]> {
  const read = clickHouseRead(ctx, query);
  if (read) return exposedPersonsInClickHouse(read);
  const found = await sql<{ person_id: number | string; exposed_at: number | string; variant: string; other_variant: string }>`
    ${exposedRows(ctx, query)}`.execute(ctx.db);
  return found.rows.map((row) => ({
    personId: Number(row.person_id),
    variant: row.variant === row.other_variant ? row.variant : null,
    exposedAt: Number(row.exposed_at),
  }));
}

/**
 * Per person exposed to exactly one variant and with at least one `event` at
 * or after their first exposure (and before `query.to`): how many, the sum of
 * `property`'s numeric values, and the earliest one's time.
 */
export async function activityAfterExposure(ctx: ReportContext, query: ExposureQuery, event: string, property: string | null): Promise<PersonActivity[]> {
  const read = clickHouseRead(ctx, query);
  if (read) return activityAfterExposureInClickHouse(read, event, property);
  const value = property === null ? sql`0` : ctx.dialect.numberOf(sql.ref("e.properties"), property);
  const found = await sql<{ person_id: number | string; n: number | string; total: number | string | null; first_at: number | string }>`
    SELECT x.person_id AS person_id, COUNT(*) AS n, SUM(${value}) AS total, MIN(e.ts) AS first_at
    FROM (${exposedRows(ctx, query)}) x
    JOIN events e ON e.project_id = ${ctx.projectId} AND e.person_id = x.person_id AND e.event = ${event}
      AND e.ts >= x.exposed_at AND e.ts < ${query.to}
    WHERE x.variant = x.other_variant
    GROUP BY x.person_id`.execute(ctx.db);
  return found.rows.map((row) => ({
    personId: Number(row.person_id),
    count: Number(row.n),
    sum: row.total === null ? 0 : Number(row.total),
    firstAt: Number(row.first_at),
  }));
}

/**
 * The same events as activityAfterExposure, added up per variant and window
 * instead of per person: what a sum or count over time needs (a handful of
 * rows per day, where per person and day they would number in the millions).
 */
export async function activityByWindow(
  ctx: ReportContext,
  query: ExposureQuery,
  event: string,
  property: string | null,
  windows: readonly ActivityWindow[],
): Promise<VariantActivity[]> {
  const read = clickHouseRead(ctx, query);
  if (read) return activityByWindowInClickHouse(read, event, property, windows);
  if (windows.length === 0) return [];
  const value = property === null ? sql`0` : ctx.dialect.numberOf(sql.ref("e.properties"), property);
  const found = await sql<{ variant: string; i: number | string; n: number | string; total: number | string | null }>`
    WITH b(i, window_start, window_end) AS (VALUES ${windowValues([...windows])})
    SELECT x.variant AS variant, b.i AS i, COUNT(*) AS n, SUM(${value}) AS total
    FROM (${exposedRows(ctx, query)}) x
    JOIN events e ON e.project_id = ${ctx.projectId} AND e.person_id = x.person_id AND e.event = ${event}
      AND e.ts >= x.exposed_at AND e.ts < ${query.to}
    JOIN b ON e.ts >= b.window_start AND e.ts < b.window_end
    WHERE x.variant = x.other_variant
    GROUP BY x.variant, b.i`.execute(ctx.db);
  return found.rows.map((row) => ({
    variant: row.variant,
    window: Number(row.i),
    count: Number(row.n),
    sum: row.total === null ? 0 : Number(row.total),
  }));
}
