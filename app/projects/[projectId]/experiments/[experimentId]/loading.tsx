import { ReportSkeleton } from "@/components/reports/Layout";

export default function ExperimentLoading() {
  return <ReportSkeleton label="Loading experiment results" builderRows={1} chart="h-96" />;
}
