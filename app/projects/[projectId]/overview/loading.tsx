export default function OverviewLoading() {
  return (
    <div className="animate-pulse space-y-6" aria-busy="true" aria-label="Loading the overview">
      <div className="h-8 w-48 rounded bg-slate-200" />
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="h-24 rounded-xl bg-slate-200" />
        <div className="h-24 rounded-xl bg-slate-200" />
      </div>
      <div className="h-80 rounded-xl bg-slate-200" />
    </div>
  );
}
