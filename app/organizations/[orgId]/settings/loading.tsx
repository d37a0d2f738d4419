export default function OrganizationSettingsLoading() {
  return (
    <div className="mx-auto max-w-4xl animate-pulse space-y-6 px-4 py-8 sm:px-6" aria-busy="true" aria-label="Loading the organization settings">
      <div className="h-8 w-64 rounded bg-slate-200" />
      <div className="h-28 rounded-xl bg-slate-200" />
      <div className="h-56 rounded-xl bg-slate-200" />
      <div className="h-40 rounded-xl bg-slate-200" />
    </div>
  );
}
