-- Who did each event in each 15-minute slot (prisma/models.prisma, ActivitySlot).
-- Unique users over a range count the persons of these rows instead of
-- deduplicating every event: at 1M events, 30 days of page views are 309k
-- events but 67k (slot, person) rows (bench/RESULTS.md, 2026-12-03).
--
-- The triggers below keep the table equal to
--   SELECT DISTINCT project_id, event, <slot of ts>, person_id FROM events
-- through every change to events: ingestion, a merge re-pointing a person's
-- events, erasure, retention, project deletion. They live here, not in
-- models.prisma, which cannot express them. Statement-level, with transition
-- tables: one INSERT or DELETE per statement on events, not one per row.
-- Rows are inserted in key order, so two writers adding the same slots wait
-- for each other instead of deadlocking.
--
-- A slot is the multiple of 900,000 ms at or before ts (floor, also for ts < 0).

-- CreateTable
CREATE TABLE "activity_slots" (
    "project_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "slot" BIGINT NOT NULL,
    "person_id" BIGINT NOT NULL,

    CONSTRAINT "activity_slots_pkey" PRIMARY KEY ("project_id","event","slot","person_id")
);

INSERT INTO "activity_slots" ("project_id", "event", "slot", "person_id")
SELECT DISTINCT "project_id", "event", "ts" - mod(mod("ts", 900000) + 900000, 900000), "person_id" FROM "events";

-- One function for the three triggers: an insert adds its events' slots, a
-- delete drops the slots left with no event, an update (a merge re-pointing a
-- person's events) does both. A slot row goes when the last of its events does.
CREATE FUNCTION "activity_slots_follow_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO "activity_slots" ("project_id", "event", "slot", "person_id")
        SELECT DISTINCT n."project_id", n."event", n."ts" - mod(mod(n."ts", 900000) + 900000, 900000), n."person_id"
        FROM "new_rows" n
        ORDER BY 1, 2, 3, 4
        ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        DELETE FROM "activity_slots" s
        USING (
            SELECT DISTINCT o."project_id", o."event", o."ts" - mod(mod(o."ts", 900000) + 900000, 900000) AS "slot", o."person_id"
            FROM "old_rows" o
        ) gone
        WHERE s."project_id" = gone."project_id" AND s."event" = gone."event" AND s."slot" = gone."slot" AND s."person_id" = gone."person_id"
          AND NOT EXISTS (
            SELECT 1 FROM "events" e
            WHERE e."project_id" = gone."project_id" AND e."person_id" = gone."person_id"
              AND e."ts" >= gone."slot" AND e."ts" < gone."slot" + 900000 AND e."event" = gone."event");
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER "activity_slots_after_insert" AFTER INSERT ON "events"
    REFERENCING NEW TABLE AS "new_rows"
    FOR EACH STATEMENT EXECUTE FUNCTION "activity_slots_follow_events"();

CREATE TRIGGER "activity_slots_after_delete" AFTER DELETE ON "events"
    REFERENCING OLD TABLE AS "old_rows"
    FOR EACH STATEMENT EXECUTE FUNCTION "activity_slots_follow_events"();

CREATE TRIGGER "activity_slots_after_update" AFTER UPDATE ON "events"
    REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows"
    FOR EACH STATEMENT EXECUTE FUNCTION "activity_slots_follow_events"();
