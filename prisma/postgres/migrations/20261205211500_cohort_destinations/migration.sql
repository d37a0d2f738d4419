-- CreateTable
CREATE TABLE "CohortDestination" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CohortDestination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CohortDelivery" (
    "id" BIGSERIAL NOT NULL,
    "destinationId" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "action" TEXT NOT NULL,
    "part" INTEGER NOT NULL,
    "parts" INTEGER NOT NULL,
    "entries" INTEGER NOT NULL,
    "body" TEXT,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lastError" TEXT,
    "responseStatus" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "CohortDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cohort_synced_members" (
    "destination_id" TEXT NOT NULL,
    "distinct_id" TEXT NOT NULL,

    CONSTRAINT "cohort_synced_members_pkey" PRIMARY KEY ("destination_id","distinct_id")
);

-- CreateIndex
CREATE INDEX "CohortDestination_cohortId_idx" ON "CohortDestination"("cohortId");

-- CreateIndex
CREATE INDEX "CohortDelivery_destinationId_status_id_idx" ON "CohortDelivery"("destinationId", "status", "id");

-- AddForeignKey
ALTER TABLE "CohortDestination" ADD CONSTRAINT "CohortDestination_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortDelivery" ADD CONSTRAINT "CohortDelivery_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "CohortDestination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cohort_synced_members" ADD CONSTRAINT "cohort_synced_members_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "CohortDestination"("id") ON DELETE CASCADE ON UPDATE CASCADE;
