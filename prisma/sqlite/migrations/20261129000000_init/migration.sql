-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "passwordHash" TEXT,
    "image" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "refresh_token" TEXT,
    "access_token" TEXT,
    "expires_at" INTEGER,
    "token_type" TEXT,
    "scope" TEXT,
    "id_token" TEXT,
    "session_state" TEXT,
    CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Project" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "writeKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'member',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SecretKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "SecretKey_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "events" (
    -- INTEGER PRIMARY KEY makes the id SQLite's rowid: assigned in arrival order, 64-bit.
    "id" INTEGER NOT NULL PRIMARY KEY,
    "project_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "ts" BIGINT NOT NULL,
    "received_at" BIGINT NOT NULL,
    "distinct_id" TEXT NOT NULL,
    "person_id" BIGINT NOT NULL,
    "message_id" TEXT NOT NULL,
    "properties" JSONB NOT NULL,
    "context" JSONB NOT NULL,
    "url" TEXT,
    "path" TEXT,
    "referrer" TEXT,
    "referring_domain" TEXT,
    "utm_source" TEXT,
    "utm_medium" TEXT,
    "utm_campaign" TEXT,
    "utm_term" TEXT,
    "utm_content" TEXT,
    "browser" TEXT,
    "browser_version" TEXT,
    "os" TEXT,
    "os_version" TEXT,
    "device_type" TEXT,
    "country" TEXT,
    "city" TEXT,
    "library_name" TEXT
);

-- CreateTable
CREATE TABLE "persons" (
    -- AUTOINCREMENT: an erased person's id is never handed to somebody else.
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" TEXT NOT NULL,
    "properties" JSONB NOT NULL,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "person_distinct_ids" (
    "project_id" TEXT NOT NULL,
    "distinct_id" TEXT NOT NULL,
    "person_id" BIGINT NOT NULL,
    "is_user_id" BOOLEAN NOT NULL,
    "created_at" BIGINT NOT NULL,

    PRIMARY KEY ("project_id", "distinct_id")
);

-- CreateTable
CREATE TABLE "event_definitions" (
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "first_seen" BIGINT NOT NULL,
    "last_seen" BIGINT NOT NULL,

    PRIMARY KEY ("project_id", "name")
);

-- CreateTable
CREATE TABLE "property_definitions" (
    "project_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "last_seen" BIGINT NOT NULL,

    PRIMARY KEY ("project_id", "scope", "event_name", "name")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Account_userId_idx" ON "Account"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Account_provider_providerAccountId_key" ON "Account"("provider", "providerAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "Project_writeKey_key" ON "Project"("writeKey");

-- CreateIndex
CREATE INDEX "Membership_projectId_idx" ON "Membership"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_userId_projectId_key" ON "Membership"("userId", "projectId");

-- CreateIndex
CREATE UNIQUE INDEX "SecretKey_hash_key" ON "SecretKey"("hash");

-- CreateIndex
CREATE INDEX "SecretKey_projectId_idx" ON "SecretKey"("projectId");

-- CreateIndex
CREATE INDEX "events_project_id_event_ts_idx" ON "events"("project_id", "event", "ts");

-- CreateIndex
CREATE INDEX "events_project_id_person_id_ts_idx" ON "events"("project_id", "person_id", "ts");

-- CreateIndex
CREATE INDEX "events_project_id_ts_idx" ON "events"("project_id", "ts");

-- CreateIndex
CREATE UNIQUE INDEX "events_project_id_message_id_key" ON "events"("project_id", "message_id");

-- CreateIndex
CREATE INDEX "persons_project_id_idx" ON "persons"("project_id");

-- CreateIndex
CREATE INDEX "person_distinct_ids_project_id_person_id_idx" ON "person_distinct_ids"("project_id", "person_id");

