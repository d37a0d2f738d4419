-- CreateTable
CREATE TABLE "Cohort" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "definition" JSONB,
    "count" INTEGER NOT NULL DEFAULT 0,
    "computedAt" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Cohort_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CohortSize" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "cohortId" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL,
    "count" INTEGER NOT NULL,
    CONSTRAINT "CohortSize_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "cohort_members" (
    "project_id" TEXT NOT NULL,
    "cohort_id" TEXT NOT NULL,
    "person_id" BIGINT NOT NULL,

    PRIMARY KEY ("cohort_id", "person_id"),
    CONSTRAINT "cohort_members_cohort_id_fkey" FOREIGN KEY ("cohort_id") REFERENCES "Cohort" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Cohort_projectId_name_idx" ON "Cohort"("projectId", "name");

-- CreateIndex
CREATE INDEX "CohortSize_cohortId_computedAt_idx" ON "CohortSize"("cohortId", "computedAt");

-- CreateIndex
CREATE INDEX "cohort_members_project_id_person_id_idx" ON "cohort_members"("project_id", "person_id");
