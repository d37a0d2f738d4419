import { ReportSkeleton } from "@/components/reports/Layout";

export default function FunnelsLoading() {
  return <ReportSkeleton label="Loading the funnel" builderRows={3} chart="h-72" />;
}
