-- The three report indexes of events gain one column each, so funnels,
-- retention, paths, unique users and the overview read only the index, with no
-- lookup of the (wide) rows: bench/RESULTS.md, "Reports". Replaced, not added:
-- events keeps five B-trees, which is what ingestion pays for.

-- DropIndex
DROP INDEX "events_project_id_event_ts_idx";

-- DropIndex
DROP INDEX "events_project_id_person_id_ts_idx";

-- DropIndex
DROP INDEX "events_project_id_ts_idx";

-- CreateIndex
CREATE INDEX "events_project_id_event_ts_person_id_idx" ON "events"("project_id", "event", "ts", "person_id");

-- CreateIndex
CREATE INDEX "events_project_id_person_id_ts_event_idx" ON "events"("project_id", "person_id", "ts", "event");

-- CreateIndex
CREATE INDEX "events_project_id_ts_person_id_idx" ON "events"("project_id", "ts", "person_id");
