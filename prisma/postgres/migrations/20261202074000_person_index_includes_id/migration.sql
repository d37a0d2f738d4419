-- PostgreSQL only. Funnels, retention and paths read a person's events in
-- (ts, id) order: id breaks ties between equal timestamps (arrival order).
-- SQLite's index entries carry the rowid (= id) anyway, so its scans stay
-- index-only; PostgreSQL's did not, and a funnel either visited the heap row of
-- every candidate or, as the planner preferred, scanned the whole table and
-- sorted it (bench/postgres-notes.md). With id as a payload column the same index (same
-- name and keys, so models.prisma and later generated migrations still agree)
-- serves those reads index-only, in person order, with no sort.

-- DropIndex
DROP INDEX "events_project_id_person_id_ts_event_idx";

-- CreateIndex
CREATE INDEX "events_project_id_person_id_ts_event_idx" ON "events"("project_id", "person_id", "ts", "event") INCLUDE ("id");
