-- CreateTable
CREATE TABLE "CohortDestination" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CohortDestination_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CohortDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "destinationId" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL,
    "action" TEXT NOT NULL,
    "part" INTEGER NOT NULL,
    "parts" INTEGER NOT NULL,
    "entries" INTEGER NOT NULL,
    "body" TEXT,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "lastError" TEXT,
    "responseStatus" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" DATETIME,
    CONSTRAINT "CohortDelivery_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "CohortDestination" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "cohort_synced_members" (
    "destination_id" TEXT NOT NULL,
    "distinct_id" TEXT NOT NULL,

    PRIMARY KEY ("destination_id", "distinct_id"),
    CONSTRAINT "cohort_synced_members_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "CohortDestination" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CohortDestination_cohortId_idx" ON "CohortDestination"("cohortId");

-- CreateIndex
CREATE INDEX "CohortDelivery_destinationId_status_id_idx" ON "CohortDelivery"("destinationId", "status", "id");
