"use client";

// One report page's navigation: every control changes the address (so a report
// is a link), and while the server runs the new report the old result stays,
// dimmed and marked busy. A builder edited but not yet run marks the result
// as out of date, so an old chart never passes for the new query.
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { createContext, useContext, useEffect, useRef, useState, useTransition, type ReactNode } from "react";
import { Button } from "@/components/ui/Button";

export type ParamChanges = Record<string, string | number | null | undefined>;

interface Navigation {
  pending: boolean;
  /** Stops waiting for the report on its way and keeps the current one (the address goes back to it). */
  cancel: () => void;
  /** The current address with `changes` applied (null / "" removes a param). */
  href: (changes: ParamChanges, options?: { reset?: boolean }) => string;
  go: (changes: ParamChanges, options?: { reset?: boolean; replace?: boolean }) => void;
  /** The builder has changed since the results were run. */
  edited: boolean;
  /** Spread on a builder's <form>: any change in it, or a click on one of its own buttons, marks the results out of date. */
  trackEdits: { onChange: () => void; onClick: (event: React.MouseEvent<HTMLFormElement>) => void };
}

const NavigationContext = createContext<Navigation | null>(null);

export function ReportNavigation({ children }: { children: ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [pending, startTransition] = useTransition();
  // The address asked for but not reached yet: a second change made while the
  // first is on its way builds on it instead of undoing it.
  const requested = useRef<string | null>(null);
  const current = search.toString();
  const [edited, setEdited] = useState(false);
  useEffect(() => {
    requested.current = null;
    setEdited(false);
  }, [current]);
  const trackEdits = {
    onChange: () => setEdited(true),
    onClick: (event: React.MouseEvent<HTMLFormElement>) => {
      // Add, remove and reorder buttons change the query without a change event; Run (a submit) does not count.
      const button = (event.target as HTMLElement).closest("button");
      if (button && button.type === "button") setEdited(true);
    },
  };

  function href(changes: ParamChanges, options: { reset?: boolean } = {}): string {
    const next = new URLSearchParams(options.reset ? "" : (requested.current ?? current));
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === undefined || value === "") next.delete(key);
      else next.set(key, String(value));
    }
    const text = next.toString();
    return text ? `${pathname}?${text}` : pathname;
  }

  function go(changes: ParamChanges, options: { reset?: boolean; replace?: boolean } = {}) {
    const target = href(changes, options);
    setEdited(false);
    requested.current = target.includes("?") ? target.slice(target.indexOf("?") + 1) : "";
    startTransition(() => {
      if (options.replace) router.replace(target, { scroll: false });
      else router.push(target, { scroll: false });
    });
  }

  function cancel() {
    // A navigation to the current address supersedes the pending one. The
    // server's report keeps running until it ends or hits its time limit
    // (REPORT_TIMEOUT_SECONDS): a page request cannot be aborted from here.
    requested.current = null;
    startTransition(() => router.replace(current ? `${pathname}?${current}` : pathname, { scroll: false }));
  }

  return <NavigationContext.Provider value={{ pending, href, go, cancel, edited, trackEdits }}>{children}</NavigationContext.Provider>;
}

export function useReportNavigation(): Navigation {
  const value = useContext(NavigationContext);
  if (!value) throw new Error("useReportNavigation needs a <ReportNavigation> around it");
  return value;
}

/** A link that changes some params; a plain click navigates in a transition, so the page shows it is working. */
export function ParamLink({
  changes,
  reset,
  children,
  className,
  ...rest
}: { changes: ParamChanges; reset?: boolean; children: ReactNode; className?: string } & Omit<React.AnchorHTMLAttributes<HTMLAnchorElement>, "href">) {
  const nav = useReportNavigation();
  return (
    <Link
      {...rest}
      href={nav.href(changes, { reset })}
      scroll={false}
      className={className}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        nav.go(changes, { reset });
      }}
    >
      {children}
    </Link>
  );
}

/** The results area: dimmed and aria-busy while a new report is on its way. */
export function ReportResults({ children, label = "Report results" }: { children: ReactNode; label?: string }) {
  const { pending, edited } = useReportNavigation();
  const stale = edited && !pending;
  return (
    <section aria-label={label} aria-busy={pending} className="space-y-6">
      {pending ? (
        <p role="status" className="sr-only">
          Running the report…
        </p>
      ) : null}
      {stale ? (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200">
          Out of date: the query above has changed. Press <span className="font-semibold">Run</span> to update these results.
        </p>
      ) : null}
      <div className={`space-y-6 transition-opacity ${pending ? "pointer-events-none opacity-50" : stale ? "opacity-60" : ""}`}>{children}</div>
    </section>
  );
}

/** The foot of every report builder: its validation message, Run, and the spinner. */
export function BuilderFooter({ error }: { error: string | null }) {
  const { pending } = useReportNavigation();
  return (
    <>
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          Run
        </Button>
        <RunningIndicator />
      </div>
    </>
  );
}

/** Seconds since `active` became true, ticking once a second; 0 while inactive. */
function useElapsedSeconds(active: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!active) return;
    const started = Date.now();
    setSeconds(0);
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return active ? seconds : 0;
}

/**
 * A spinner and the time so far while the report runs; after a couple of
 * seconds, a Cancel button that keeps the current result instead.
 */
export function RunningIndicator() {
  const { pending, cancel } = useReportNavigation();
  const seconds = useElapsedSeconds(pending);
  if (!pending) return null;
  return (
    <span className="inline-flex items-center gap-2 text-sm text-slate-500">
      <span className="h-3.5 w-3.5 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-600" aria-hidden />
      <span aria-hidden>Running…{seconds >= 1 ? ` ${seconds} s` : ""}</span>
      {seconds >= 2 ? (
        <button type="button" onClick={cancel} className="rounded px-1.5 py-0.5 text-indigo-700 underline-offset-2 hover:underline">
          Cancel
        </button>
      ) : null}
    </span>
  );
}
