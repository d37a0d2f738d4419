-- CreateTable
CREATE TABLE "TrackingPlan" (
    "projectId" TEXT NOT NULL,
    "plan" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrackingPlan_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "plan_violations" (
    "project_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "property" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "count" BIGINT NOT NULL,
    "first_seen" BIGINT NOT NULL,
    "last_seen" BIGINT NOT NULL,
    "samples" JSONB NOT NULL,

    CONSTRAINT "plan_violations_pkey" PRIMARY KEY ("project_id","event","property","type")
);

-- CreateTable
CREATE TABLE "plan_quarantine" (
    "project_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "received_at" BIGINT NOT NULL,
    "expires_at" BIGINT NOT NULL,
    "message" JSONB NOT NULL,

    CONSTRAINT "plan_quarantine_pkey" PRIMARY KEY ("project_id","message_id")
);

-- CreateIndex
CREATE INDEX "plan_violations_project_id_last_seen_idx" ON "plan_violations"("project_id", "last_seen");

-- CreateIndex
CREATE INDEX "plan_quarantine_expires_at_idx" ON "plan_quarantine"("expires_at");

-- AddForeignKey
ALTER TABLE "TrackingPlan" ADD CONSTRAINT "TrackingPlan_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
