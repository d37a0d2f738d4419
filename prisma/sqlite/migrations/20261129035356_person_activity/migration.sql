-- Written by hand: Prisma would rebuild "persons" and lose its
-- INTEGER PRIMARY KEY AUTOINCREMENT (see prisma/sqlite/migrations/*_init).
ALTER TABLE "persons" ADD COLUMN "event_count" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "persons" ADD COLUMN "first_seen" BIGINT;
ALTER TABLE "persons" ADD COLUMN "last_seen" BIGINT;

-- Backfill from the events already stored (project_id first, so each lookup
-- uses the (project_id, person_id, ts) index instead of scanning it).
UPDATE "persons" SET
  "event_count" = (SELECT count(*) FROM "events" e WHERE e."project_id" = "persons"."project_id" AND e."person_id" = "persons"."id"),
  "first_seen" = (SELECT min(e."ts") FROM "events" e WHERE e."project_id" = "persons"."project_id" AND e."person_id" = "persons"."id"),
  "last_seen" = (SELECT max(e."ts") FROM "events" e WHERE e."project_id" = "persons"."project_id" AND e."person_id" = "persons"."id");

-- The new index leads with project_id: the old one is redundant.
DROP INDEX "persons_project_id_idx";
CREATE INDEX "persons_project_id_last_seen_idx" ON "persons"("project_id", "last_seen");
