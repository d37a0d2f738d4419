// Settings: where this project's events are stored, and what ClickHouse holds
// of them when CLICKHOUSE_URL is set (API.md 9; docs/clickhouse.md).
import { Card } from "@/components/ui/Card";
import type { DatabaseKind } from "@/lib/config";
import type { ClickHouseStatus } from "@/lib/store/clickhouse/status";

const DATABASE_NAMES: Record<DatabaseKind, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

export function StorageCard({ databaseKind, clickHouse }: { databaseKind: DatabaseKind; clickHouse: ClickHouseStatus }) {
  const database = DATABASE_NAMES[databaseKind];
  return (
    <Card title="Storage" description="Where this project's events are kept and which store the reports read.">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]" aria-label="Storage">
        <dt className="font-medium text-slate-800">Events</dt>
        <dd className="text-slate-700">{database}: every event is stored here, and every report reads it.</dd>
        <dt className="font-medium text-slate-800">ClickHouse</dt>
        <dd className="text-slate-700" data-testid="clickhouse-status">
          {!clickHouse.configured ? (
            <>Not configured (set CLICKHOUSE_URL to copy events there).</>
          ) : "error" in clickHouse ? (
            <span className="text-red-700">
              {clickHouse.endpoint} did not answer as expected: {clickHouse.error}
            </span>
          ) : (
            <>
              {clickHouse.endpoint}: {clickHouse.copied.toLocaleString("en-US")} of this project&apos;s events copied
              {clickHouse.lastEventId ? ` (through event id ${clickHouse.lastEventId.toLocaleString("en-US")})` : ""} by{" "}
              <code className="rounded bg-slate-100 px-1 font-mono text-xs">crumbtrail clickhouse:backfill</code>. Reports do not read ClickHouse yet; new
              events are copied by the next backfill.
            </>
          )}
        </dd>
      </dl>
    </Card>
  );
}
