// Settings: where this project's events are stored, and what ClickHouse holds
// of them when CLICKHOUSE_URL is set (API.md 9; docs/clickhouse.md).
import { Time } from "@/components/format/Time";
import { Card } from "@/components/ui/Card";
import type { DatabaseKind } from "@/lib/config";
import { MOST_PERSON_FILTER_IDS } from "@/lib/query/personFilterIds";
import type { ClickHouseStatus } from "@/lib/store/clickhouse/status";
import type { OutboxBacklog } from "@/lib/store/clickhouse/shipper";

const DATABASE_NAMES: Record<DatabaseKind, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

const code = "rounded bg-slate-100 px-1 font-mono text-xs";

export function StorageCard({
  projectId,
  databaseKind,
  clickHouse,
  backlog,
  zone,
}: {
  projectId: string;
  databaseKind: DatabaseKind;
  clickHouse: ClickHouseStatus;
  backlog: OutboxBacklog | null;
  /** The project's time zone, for the oldest waiting group. */
  zone: string;
}) {
  const database = DATABASE_NAMES[databaseKind];
  return (
    <Card title="Storage" description="Where this project's events are kept and which store the reports read.">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]" aria-label="Storage">
        <dt className="font-medium text-slate-800">Events</dt>
        <dd className="text-slate-700">{database}: every event is stored here.</dd>
        <dt className="font-medium text-slate-800">Reports</dt>
        <dd className="text-slate-700" data-testid="reports-store">
          {clickHouse.configured && "holdsAll" in clickHouse && clickHouse.holdsAll ? (
            <>
              ClickHouse answers this project&apos;s reports. A filter on users&apos; properties or cohorts, or a breakdown by cohorts, first reads the
              matching users from {database}, where users and cohorts are kept; a breakdown by a user&apos;s property, or filters matching more than{" "}
              {MOST_PERSON_FILTER_IDS.toLocaleString("en")} distinct ids, leaves the report to {database}.
            </>
          ) : clickHouse.configured && "holdsAll" in clickHouse ? (
            <>
              {database} answers every report: ClickHouse does not hold all of this project&apos;s events (some were stored or deleted without it). Run{" "}
              <code className={code}>crumbtrail clickhouse:backfill --project {projectId}</code> to copy what is missing; its reports then read ClickHouse.
            </>
          ) : (
            <>{database} answers every report.</>
          )}
        </dd>
        <dt className="font-medium text-slate-800">ClickHouse</dt>
        <dd className="space-y-1 text-slate-700" data-testid="clickhouse-status">
          {!clickHouse.configured ? (
            <p>Not configured (set CLICKHOUSE_URL to copy events there).</p>
          ) : "error" in clickHouse ? (
            <p className="text-red-700">
              {clickHouse.endpoint} did not answer as expected: {clickHouse.error}
            </p>
          ) : (
            <p>
              {clickHouse.endpoint}: {clickHouse.copied.toLocaleString("en-US")} of this project&apos;s events are there. New events are copied as they
              are stored; events stored before CLICKHOUSE_URL was set are copied by <code className={code}>crumbtrail clickhouse:backfill</code>
              {clickHouse.lastEventId ? ` (copied through event id ${clickHouse.lastEventId.toLocaleString("en-US")})` : ""}.
            </p>
          )}
          {backlog && backlog.groups > 0 ? (
            <p data-testid="clickhouse-backlog">
              {backlog.groups.toLocaleString("en-US")} committed {backlog.groups === 1 ? "group" : "groups"} of events {backlog.groups === 1 ? "waits" : "wait"} to be
              copied{backlog.oldest !== null ? (
                <>
                  {" "}
                  (the oldest stored <Time value={backlog.oldest} zone={zone} />)
                </>
              ) : null}
              .
            </p>
          ) : null}
          {backlog?.lastError ? (
            <p className="text-red-700" data-testid="clickhouse-copy-error">
              The last copy failed and is retried every few seconds: {backlog.lastError}
            </p>
          ) : null}
        </dd>
      </dl>
    </Card>
  );
}
