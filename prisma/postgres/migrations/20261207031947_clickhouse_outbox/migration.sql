-- CreateTable
CREATE TABLE "clickhouse_outbox" (
    "id" SERIAL NOT NULL,
    "project_id" TEXT NOT NULL,
    "event_ids" TEXT NOT NULL,
    "distinct_ids" TEXT NOT NULL,
    "created_at" BIGINT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "clickhouse_outbox_pkey" PRIMARY KEY ("id")
);
