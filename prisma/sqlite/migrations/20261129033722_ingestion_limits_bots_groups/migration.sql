-- CreateTable
CREATE TABLE "groups" (
    "project_id" TEXT NOT NULL,
    "group_id" TEXT NOT NULL,
    "traits" JSONB NOT NULL,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,

    PRIMARY KEY ("project_id", "group_id")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Project" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "writeKey" TEXT NOT NULL,
    "rateLimitPerSecond" INTEGER,
    "botEventCount" BIGINT NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Project" ("createdAt", "id", "name", "timezone", "updatedAt", "writeKey") SELECT "createdAt", "id", "name", "timezone", "updatedAt", "writeKey" FROM "Project";
DROP TABLE "Project";
ALTER TABLE "new_Project" RENAME TO "Project";
CREATE UNIQUE INDEX "Project_writeKey_key" ON "Project"("writeKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
