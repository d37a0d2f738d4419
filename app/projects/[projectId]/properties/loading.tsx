import { ReportSkeleton } from "@/components/reports/Layout";

export default function PropertiesLoading() {
  return <ReportSkeleton label="Loading the catalog" builderRows={0} chart="h-96" />;
}
