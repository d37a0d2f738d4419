// Building blocks every report page shares: header, empty state, error.
import Link from "next/link";
import type { ReactNode } from "react";
import { Notice } from "@/components/ui/Notice";

export function ReportHeader({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {subtitle ? <p className="text-sm text-slate-500">{subtitle}</p> : null}
      </div>
      {children}
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: { href: string; label: string } }) {
  return (
    <div className="rounded-xl border-2 border-dashed border-slate-300 bg-white/50 px-6 py-10 text-center">
      <p className="font-medium text-slate-900">{title}</p>
      <div className="mx-auto mt-1 max-w-xl text-sm text-slate-500">{children}</div>
      {action ? (
        <Link href={action.href} className="mt-4 inline-block text-sm font-semibold text-indigo-600 hover:text-indigo-500">
          {action.label} →
        </Link>
      ) : null}
    </div>
  );
}

export function ReportError({ message }: { message: string }) {
  return (
    <Notice tone="error">
      <span className="font-semibold">This report could not run.</span> {message}
    </Notice>
  );
}

/** A project with no events at all: every report page says the same thing. */
export function NoEventsYet({ projectId, what }: { projectId: string; what: string }) {
  return (
    <EmptyState title="No events yet" action={{ href: `/projects/${projectId}/settings`, label: "Get the snippet and a curl line" }}>
      {what} appear once this project receives events. Send one from your site or a terminal (the write key is on Settings), or fill a test project with{" "}
      <code className="rounded bg-slate-100 px-1 font-mono text-xs">npx crumbtrail seed:demo --project {projectId}</code>.
    </EmptyState>
  );
}

export function Skeleton({ className = "" }: { className?: string }) {
  return <div className={`rounded-xl bg-slate-200 ${className}`} />;
}

/** The loading.tsx of a report: header, builder and chart placeholders. */
export function ReportSkeleton({ label, builderRows = 2, chart = "h-80" }: { label: string; builderRows?: number; chart?: string }) {
  return (
    <div className="animate-pulse space-y-6" aria-busy="true" aria-label={label}>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-2">
          <div className="h-8 w-40 rounded bg-slate-200" />
          <div className="h-4 w-56 rounded bg-slate-200" />
        </div>
        <div className="h-9 w-64 rounded-md bg-slate-200" />
      </div>
      <div className="space-y-3 rounded-xl bg-white p-5 ring-1 ring-slate-200">
        {Array.from({ length: builderRows }, (_, i) => (
          <div key={i} className="h-9 rounded-md bg-slate-200" style={{ width: `${85 - i * 15}%` }} />
        ))}
      </div>
      <Skeleton className={chart} />
    </div>
  );
}
