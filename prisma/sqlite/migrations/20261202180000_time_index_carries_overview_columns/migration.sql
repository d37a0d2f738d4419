-- SQLite only. The (project, ts, person) index gains the event name and the
-- columns lifted out of context that the Overview page ranks (path,
-- referring domain, UTM source, country, browser, device type), so its top
-- tables read the index alone instead of looking up every event's row of the
-- range, once per table. At 1M events, 30 days, the six tables took 3.4 s one
-- after the other, 1.1 s index-only (bench/RESULTS.md, "The Overview page").
-- Inserts: within the noise of bench/sqlite-ceiling.mjs.
--
-- Same name, and models.prisma keeps the three key columns, as with the event
-- index's properties (20261202170000): a migration generated from
-- models.prisma would drop these columns again: remove that part of it.
-- PostgreSQL keeps its narrow index: its B-tree refuses entries over 2.7 kB,
-- and a path may be longer.

-- DropIndex
DROP INDEX "events_project_id_ts_person_id_idx";

-- CreateIndex
CREATE INDEX "events_project_id_ts_person_id_idx" ON "events"("project_id", "ts", "person_id", "event", "path", "referring_domain", "utm_source", "country", "browser", "device_type");
