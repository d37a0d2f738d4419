-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "maxEventNames" INTEGER NOT NULL DEFAULT 2000,
ADD COLUMN     "maxEventPropertyNames" INTEGER NOT NULL DEFAULT 2000,
ADD COLUMN     "maxPersonPropertyNames" INTEGER NOT NULL DEFAULT 1000,
ADD COLUMN     "refusedEventNames" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "refusedPropertyNames" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "refusedNamesSince" BIGINT;
