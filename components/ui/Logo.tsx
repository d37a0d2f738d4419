import Link from "next/link";

export function Logo({ href = "/projects", compact = false }: { href?: string; compact?: boolean }) {
  return (
    <Link href={href} className="inline-flex items-center gap-2 font-semibold tracking-tight text-slate-900">
      <svg aria-hidden viewBox="0 0 24 24" className="h-6 w-6 text-indigo-600" fill="currentColor">
        <circle cx="5" cy="17" r="2.5" />
        <circle cx="12" cy="11" r="2.5" opacity="0.75" />
        <circle cx="19" cy="5" r="2.5" opacity="0.5" />
      </svg>
      <span className={compact ? "sr-only sm:not-sr-only" : ""}>Crumbtrail</span>
    </Link>
  );
}
