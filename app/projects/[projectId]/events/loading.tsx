import { ReportSkeleton } from "@/components/reports/Layout";

export default function EventsLoading() {
  return <ReportSkeleton label="Loading trends" builderRows={3} />;
}
