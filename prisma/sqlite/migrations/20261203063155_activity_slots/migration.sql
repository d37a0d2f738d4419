-- Who did each event in each 15-minute slot (prisma/models.prisma, ActivitySlot).
-- Unique users over a range count the persons of these rows instead of
-- deduplicating every event: at 1M events, 30 days of page views are 309k
-- events but 67k (slot, person) rows (bench/RESULTS.md, 2026-12-03).
--
-- The triggers below keep the table equal to
--   SELECT DISTINCT project_id, event, <slot of ts>, person_id FROM events
-- through every change to events: ingestion, a merge re-pointing a person's
-- events, erasure, retention, project deletion. They live here, not in
-- models.prisma, which cannot express them (nor WITHOUT ROWID: a generated
-- migration that rebuilds this table must keep both).
--
-- A slot is the multiple of 900,000 ms at or before ts (floor, also for ts < 0).

-- CreateTable
CREATE TABLE "activity_slots" (
    "project_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "slot" BIGINT NOT NULL,
    "person_id" BIGINT NOT NULL,

    PRIMARY KEY ("project_id", "event", "slot", "person_id")
) WITHOUT ROWID;

INSERT INTO "activity_slots" ("project_id", "event", "slot", "person_id")
SELECT DISTINCT "project_id", "event", "ts" - (("ts" % 900000) + 900000) % 900000, "person_id" FROM "events";

CREATE TRIGGER "activity_slots_after_insert" AFTER INSERT ON "events"
BEGIN
    INSERT OR IGNORE INTO "activity_slots" ("project_id", "event", "slot", "person_id")
    VALUES (NEW."project_id", NEW."event", NEW."ts" - ((NEW."ts" % 900000) + 900000) % 900000, NEW."person_id");
END;

-- A slot row goes when the last of its events does.
CREATE TRIGGER "activity_slots_after_delete" AFTER DELETE ON "events"
BEGIN
    DELETE FROM "activity_slots"
    WHERE "project_id" = OLD."project_id" AND "event" = OLD."event" AND "person_id" = OLD."person_id"
      AND "slot" = OLD."ts" - ((OLD."ts" % 900000) + 900000) % 900000
      AND NOT EXISTS (
        SELECT 1 FROM "events" e
        WHERE e."project_id" = OLD."project_id" AND e."person_id" = OLD."person_id" AND e."event" = OLD."event"
          AND e."ts" >= OLD."ts" - ((OLD."ts" % 900000) + 900000) % 900000
          AND e."ts" < OLD."ts" - ((OLD."ts" % 900000) + 900000) % 900000 + 900000);
END;

-- A merge re-points the dropped person's events: their slots move with them.
CREATE TRIGGER "activity_slots_after_update" AFTER UPDATE OF "project_id", "event", "ts", "person_id" ON "events"
BEGIN
    INSERT OR IGNORE INTO "activity_slots" ("project_id", "event", "slot", "person_id")
    VALUES (NEW."project_id", NEW."event", NEW."ts" - ((NEW."ts" % 900000) + 900000) % 900000, NEW."person_id");
    DELETE FROM "activity_slots"
    WHERE "project_id" = OLD."project_id" AND "event" = OLD."event" AND "person_id" = OLD."person_id"
      AND "slot" = OLD."ts" - ((OLD."ts" % 900000) + 900000) % 900000
      AND NOT EXISTS (
        SELECT 1 FROM "events" e
        WHERE e."project_id" = OLD."project_id" AND e."person_id" = OLD."person_id" AND e."event" = OLD."event"
          AND e."ts" >= OLD."ts" - ((OLD."ts" % 900000) + 900000) % 900000
          AND e."ts" < OLD."ts" - ((OLD."ts" % 900000) + 900000) % 900000 + 900000);
END;
