// The rows of an experiment's analysis (lib/query/experiments.ts) read from
// ClickHouse: the exposed persons, and per metric what each did after exposure,
// per person or per variant and window. The same meanings as the SQL readers:
// an exposure names the experiment's key in one property (read like
// PostgreSQL's ->>) and a variant in another (a string, or true and false when
// the source maps them); an event's person is its current person, so a
// person's anonymous and identified events count as one. Exposed persons and
// their activity are a few numbers per person, so no statement is split in
// parts of the persons (see personsInParts).
import { z } from "zod";
import { inList, quoteString } from "../../store/clickhouse/literal";
import type { ActivityWindow, ExposedPerson, ExposureQuery, ExposureSource, PersonActivity, VariantActivity } from "../experimentRows";
import { jsonValue, windowOf } from "./expressions";
import { eventsWithPersons, reportRows, type ClickHouseEvents, type EventsWithPersons } from "./source";

const NO_VARIANT = "CAST(NULL AS Nullable(String))";

/** The variant an exposure event of `source` names, NULL when it names none. */
function variantOf(source: ExposureSource): string {
  const variant = jsonValue(source.variantProperty);
  const booleanVariant = (value: string | undefined) => (value === undefined ? NO_VARIANT : quoteString(value));
  return `CAST(multiIf(${variant.isString}, ${variant.stringValue},
      ${variant.text} = 'true', ${booleanVariant(source.booleanVariants?.true)},
      ${variant.text} = 'false', ${booleanVariant(source.booleanVariants?.false)}, ${NO_VARIANT}) AS Nullable(String))`;
}

/** Every exposure of the experiment in range: (person, ts, variant), one row each. */
function exposureRows(persons: EventsWithPersons, projectId: string, query: ExposureQuery): string {
  const arms = query.sources.map((source) => {
    const variant = variantOf(source);
    return `SELECT ${persons.person} AS person, ts, ${variant} AS variant
      FROM ${persons.from}
      WHERE project_id = ${quoteString(projectId)} AND event = ${quoteString(source.event)} AND ts >= ${query.from} AND ts < ${query.to}
        AND ${jsonValue(source.experimentProperty).asText} = ${quoteString(query.key)}
        AND ${variant} IN ${inList(query.variants)}`;
  });
  return arms.join(" UNION ALL ");
}

/**
 * One row per exposed person: the first exposure, and the smallest and largest
 * variant named (equal: one variant). No alias repeats a column's name:
 * ClickHouse aliases are global, so `min(variant) AS variant` would change what
 * `max(variant)` reads.
 */
function exposedRows(persons: EventsWithPersons, projectId: string, query: ExposureQuery): string {
  return `SELECT person, min(ts) AS exposed_at, assumeNotNull(min(variant)) AS least_variant, assumeNotNull(max(variant)) AS greatest_variant
    FROM (${exposureRows(persons, projectId, query)}) GROUP BY person`;
}

/** What every statement of one experiment's results reads: the project's events in ClickHouse, and the exposure question. */
export interface ExperimentRead {
  source: ClickHouseEvents;
  projectId: string;
  query: ExposureQuery;
  signal?: AbortSignal;
}

/** No source or no variant: no event is an exposure, so no statement is sent. */
function readsNothing(query: ExposureQuery): boolean {
  return !query.sources.length || !query.variants.length;
}

const exposedSchema = z.object({ person: z.number(), exposed_at: z.number(), least_variant: z.string(), greatest_variant: z.string() });

export async function exposedPersonsInClickHouse({ source, projectId, query, signal }: ExperimentRead): Promise<ExposedPerson[]> {
  if (readsNothing(query)) return [];
  const persons = await eventsWithPersons(source, projectId, signal);
  const rows = await reportRows(source, exposedRows(persons, projectId, query), exposedSchema, signal);
  return rows.map((row) => ({ personId: row.person, variant: row.least_variant === row.greatest_variant ? row.least_variant : null, exposedAt: row.exposed_at }));
}

/**
 * The metric's events of persons exposed to one variant, from their first
 * exposure until the end: (person, variant, ts, value). The exposed persons are
 * the join's right side, held in memory at the initiator; the events stream.
 */
async function activityRows({ source, projectId, query, signal }: ExperimentRead, event: string, property: string | null): Promise<string> {
  const persons = await eventsWithPersons(source, projectId, signal);
  const value = property === null ? "0" : jsonValue(property).number;
  return `SELECT person, variant, ts, value FROM (
      SELECT ${persons.person} AS person, ts, ${value} AS value
      FROM ${persons.from}
      WHERE project_id = ${quoteString(projectId)} AND event = ${quoteString(event)} AND ts >= ${query.from} AND ts < ${query.to}
    ) ALL INNER JOIN (
      SELECT person, exposed_at, least_variant AS variant FROM (${exposedRows(persons, projectId, query)}) WHERE least_variant = greatest_variant
    ) USING person
    WHERE ts >= exposed_at`;
}

const personActivitySchema = z.object({ person: z.number(), n: z.number(), total: z.number().nullable(), first_at: z.number() });

export async function activityAfterExposureInClickHouse(read: ExperimentRead, event: string, property: string | null): Promise<PersonActivity[]> {
  if (readsNothing(read.query)) return [];
  const statement = `SELECT person, count() AS n, sum(value) AS total, min(ts) AS first_at FROM (${await activityRows(read, event, property)}) GROUP BY person`;
  const rows = await reportRows(read.source, statement, personActivitySchema, read.signal);
  return rows.map((row) => ({ personId: row.person, count: row.n, sum: row.total ?? 0, firstAt: row.first_at }));
}

const variantActivitySchema = z.object({ variant: z.string(), i: z.number(), n: z.number(), total: z.number().nullable() });

export async function activityByWindowInClickHouse(
  read: ExperimentRead,
  event: string,
  property: string | null,
  windows: readonly ActivityWindow[],
): Promise<VariantActivity[]> {
  if (windows.length === 0 || readsNothing(read.query)) return [];
  const statement = `SELECT variant, ${windowOf("ts", [...windows])} AS i, count() AS n, sum(value) AS total
    FROM (${await activityRows(read, event, property)})
    WHERE ts >= ${windows[0].start} AND ts < ${windows[windows.length - 1].end}
    GROUP BY variant, i`;
  const rows = await reportRows(read.source, statement, variantActivitySchema, read.signal);
  return rows.map((row) => ({ variant: row.variant, window: row.i, count: row.n, sum: row.total ?? 0 }));
}
