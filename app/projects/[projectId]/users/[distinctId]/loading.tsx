export default function UserLoading() {
  return (
    <div className="animate-pulse space-y-6" aria-busy="true" aria-label="Loading the user">
      <div className="flex items-center gap-3">
        <div className="h-12 w-12 rounded-full bg-slate-200" />
        <div className="space-y-2">
          <div className="h-7 w-56 rounded bg-slate-200" />
          <div className="h-4 w-40 rounded bg-slate-200" />
        </div>
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-24 rounded-xl bg-slate-200" />
        ))}
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="h-64 rounded-xl bg-slate-200" />
        <div className="h-96 rounded-xl bg-slate-200 lg:col-span-2" />
      </div>
    </div>
  );
}
