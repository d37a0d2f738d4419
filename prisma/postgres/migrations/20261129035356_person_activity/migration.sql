-- DropIndex
DROP INDEX "persons_project_id_idx";

-- AlterTable
ALTER TABLE "persons" ADD COLUMN     "event_count" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "first_seen" BIGINT,
ADD COLUMN     "last_seen" BIGINT;

-- Backfill from the events already stored.
UPDATE "persons" SET
  "event_count" = agg.n, "first_seen" = agg.first_seen, "last_seen" = agg.last_seen
FROM (SELECT "person_id", count(*) AS n, min("ts") AS first_seen, max("ts") AS last_seen FROM "events" GROUP BY "person_id") agg
WHERE agg."person_id" = "persons"."id";

-- CreateIndex
CREATE INDEX "persons_project_id_last_seen_idx" ON "persons"("project_id", "last_seen");
