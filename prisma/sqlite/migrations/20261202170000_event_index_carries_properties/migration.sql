-- SQLite only. The (project, event, ts, person) index gains the properties
-- column, so a trends breakdown, filter or property sum over one event reads
-- the index alone instead of looking up every event's row: rows are wide (the
-- context JSON alone is 430 bytes in the benchmark's events), and those
-- lookups were three quarters of a breakdown's time. At 1M events, a 30-day breakdown: 157-171 -> 59-63 ms;
-- at 10M, 2.98 -> 0.84 s. Funnels walk the person index: within noise. Inserts:
-- within the noise of bench/sqlite-ceiling.mjs (bench/RESULTS.md, "Event
-- properties in the index").
-- On a big database this migration takes a while: 81 s at 10M events.
--
-- Same name, and models.prisma keeps the four key columns: Prisma cannot index
-- a Json field, and PostgreSQL's B-tree refuses entries over 2.7 kB, which a
-- big properties object would be. A migration generated from models.prisma
-- would drop the properties column again: remove that part of it.

-- DropIndex
DROP INDEX "events_project_id_event_ts_person_id_idx";

-- CreateIndex
CREATE INDEX "events_project_id_event_ts_person_id_idx" ON "events"("project_id", "event", "ts", "person_id", "properties");
