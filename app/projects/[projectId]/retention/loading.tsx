import { ReportSkeleton } from "@/components/reports/Layout";

export default function RetentionLoading() {
  return <ReportSkeleton label="Loading retention" builderRows={2} chart="h-96" />;
}
