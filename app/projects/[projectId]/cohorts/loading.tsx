export default function CohortsLoading() {
  return (
    <div className="animate-pulse space-y-6" aria-busy="true" aria-label="Loading cohorts">
      <div className="space-y-2">
        <div className="h-8 w-40 rounded bg-slate-200" />
        <div className="h-4 w-80 max-w-full rounded bg-slate-200" />
      </div>
      <div className="space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="h-9 rounded bg-slate-200" />
        ))}
      </div>
    </div>
  );
}
