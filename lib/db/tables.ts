// Row types of the hot tables, for the Kysely query builder used by lib/store
// and lib/query. They mirror prisma/models.prisma (Prisma owns the migrations).
import type { ColumnType, Generated } from "kysely";

/** Integer ms since the epoch. Postgres BIGINT arrives as a string: drivers are set to parse it. */
type Millis = number;

export interface EventsTable {
  id: Generated<number>;
  project_id: string;
  event: string;
  ts: Millis;
  received_at: Millis;
  distinct_id: string;
  person_id: number;
  message_id: string;
  /** JSON text on SQLite, jsonb on Postgres; written as JSON text on both. */
  properties: ColumnType<unknown, string, string>;
  context: ColumnType<unknown, string, string>;
  url: string | null;
  path: string | null;
  referrer: string | null;
  referring_domain: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  browser: string | null;
  browser_version: string | null;
  os: string | null;
  os_version: string | null;
  device_type: string | null;
  country: string | null;
  city: string | null;
  library_name: string | null;
}

export interface PersonsTable {
  id: Generated<number>;
  project_id: string;
  properties: ColumnType<unknown, string, string>;
  created_at: Millis;
  updated_at: Millis;
  event_count: Generated<number>;
  first_seen: Millis | null;
  last_seen: Millis | null;
}

export interface PersonDistinctIdsTable {
  project_id: string;
  distinct_id: string;
  person_id: number;
  /** Written as 1/0: SQLite has no booleans, and Postgres reads '1'/'0' as true/false. */
  is_user_id: ColumnType<boolean | number, 0 | 1, 0 | 1>;
  created_at: Millis;
}

export interface EventDefinitionsTable {
  project_id: string;
  name: string;
  count: number;
  first_seen: Millis;
  last_seen: Millis;
}

export interface PropertyDefinitionsTable {
  project_id: string;
  scope: "event" | "person";
  event_name: string;
  name: string;
  type: string;
  count: number;
  last_seen: Millis;
}

export interface GroupsTable {
  project_id: string;
  group_id: string;
  traits: ColumnType<unknown, string, string>;
  created_at: Millis;
  updated_at: Millis;
}

/** Who is in a cohort (the Cohort row itself is Prisma's). */
export interface CohortMembersTable {
  project_id: string;
  cohort_id: string;
  person_id: number;
}

/** Each (event, property, type) a project's messages broke its tracking plan with (lib/store/planRecords.ts). */
export interface PlanViolationsTable {
  project_id: string;
  event: string;
  /** "" for an event-level violation. */
  property: string;
  type: string;
  count: number;
  first_seen: Millis;
  last_seen: Millis;
  /** JSON list of the latest samples, newest first. */
  samples: ColumnType<unknown, string, string>;
}

/** Messages a tracking plan blocked, kept for a replay until expires_at. */
export interface PlanQuarantineTable {
  project_id: string;
  message_id: string;
  received_at: Millis;
  expires_at: Millis;
  /** The normalized message as JSON. */
  message: ColumnType<unknown, string, string>;
}

/** A committed group's events waiting to be copied to ClickHouse (lib/store/clickhouse/outbox.ts). */
export interface ClickHouseOutboxTable {
  id: Generated<number>;
  project_id: string;
  /** JSON runs of event ids: [[first, last], ...]. */
  event_ids: string;
  /** JSON list of the distinct ids the group's messages named. */
  distinct_ids: string;
  created_at: Millis;
  attempts: Generated<number>;
}

export interface HotTables {
  groups: GroupsTable;
  events: EventsTable;
  persons: PersonsTable;
  person_distinct_ids: PersonDistinctIdsTable;
  event_definitions: EventDefinitionsTable;
  property_definitions: PropertyDefinitionsTable;
  cohort_members: CohortMembersTable;
  plan_violations: PlanViolationsTable;
  plan_quarantine: PlanQuarantineTable;
  clickhouse_outbox: ClickHouseOutboxTable;
}
