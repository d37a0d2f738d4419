-- AlterTable (a column with a constant default: SQLite adds it in place, no table rebuild)
ALTER TABLE "Project" ADD COLUMN "clickhouseHoldsAll" BOOLEAN NOT NULL DEFAULT false;
