-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "clickhouseHoldsAll" BOOLEAN NOT NULL DEFAULT false;
