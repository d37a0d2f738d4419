import { ReportSkeleton } from "@/components/reports/Layout";

export default function PathsLoading() {
  return <ReportSkeleton label="Loading paths" builderRows={2} chart="h-[28rem]" />;
}
