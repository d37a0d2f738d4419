-- AlterTable
-- Minutes between background recomputations of the project's cohorts; null: the server default (CRUMBTRAIL_COHORT_RECOMPUTE_MINUTES).
ALTER TABLE "Project" ADD COLUMN "cohortRecomputeMinutes" INTEGER;
