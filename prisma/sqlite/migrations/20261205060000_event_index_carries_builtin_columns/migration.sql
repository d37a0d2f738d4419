-- SQLite only. The (project, event, ts, person, properties) index also carries
-- the lifted columns reports break down and filter by most as built-in
-- properties ($pathname, $referring_domain, $utm_source, $utm_medium,
-- $utm_campaign, $country, $browser, $os, $device_type:
-- lib/query/builtinProperties.ts), so a trends breakdown by $country reads the
-- index alone, as one by a custom property does since 20261202170000, instead
-- of looking up every event's row. The long ones (URL, referrer), the
-- versions, UTM term and content and the library are left out: they are
-- rarely broken down by, and a report on them still answers, from the rows.
-- Figures in bench/RESULTS.md ("Built-in properties").
--
-- Same name, and models.prisma keeps the four key columns, as with the
-- properties (20261202170000): a migration generated from models.prisma would
-- drop these columns again: remove that part of it. PostgreSQL keeps its
-- index: its B-tree refuses entries over 2.7 kB.

-- DropIndex
DROP INDEX "events_project_id_event_ts_person_id_idx";

-- CreateIndex
CREATE INDEX "events_project_id_event_ts_person_id_idx" ON "events"("project_id", "event", "ts", "person_id", "properties", "path", "referring_domain", "utm_source", "utm_medium", "utm_campaign", "country", "browser", "os", "device_type");
