-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "botEventCount" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "rateLimitPerSecond" INTEGER;

-- CreateTable
CREATE TABLE "groups" (
    "project_id" TEXT NOT NULL,
    "group_id" TEXT NOT NULL,
    "traits" JSONB NOT NULL,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,

    CONSTRAINT "groups_pkey" PRIMARY KEY ("project_id","group_id")
);
