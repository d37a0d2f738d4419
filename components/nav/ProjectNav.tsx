"use client";

// The project's sections as tabs. On a phone only the first few fit: the rest
// go under a "More" menu (naming the current section when it is one of them)
// instead of sliding out of sight past the screen's edge.
import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { slug: "overview", label: "Overview" },
  { slug: "boards", label: "Boards" },
  { slug: "events", label: "Events" },
  { slug: "funnels", label: "Funnels" },
  { slug: "retention", label: "Retention" },
  { slug: "paths", label: "Paths" },
  { slug: "experiments", label: "Experiments" },
  { slug: "users", label: "Users" },
  { slug: "cohorts", label: "Cohorts" },
  { slug: "properties", label: "Properties" },
  { slug: "live", label: "Live" },
  { slug: "data-quality", label: "Data quality" },
  { slug: "settings", label: "Settings" },
];

/** Tabs shown on a phone before the "More" menu. */
const ON_A_PHONE = 3;

const tabClass = (active: boolean) =>
  `inline-block border-b-2 px-3 py-3 text-sm font-medium whitespace-nowrap ${
    active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
  }`;

export function ProjectNav({ projectId }: { projectId: string }) {
  const pathname = usePathname();
  const tabs = TABS.map((tab) => {
    const href = `/projects/${projectId}/${tab.slug}`;
    return { ...tab, href, active: pathname === href || pathname.startsWith(href + "/") };
  });
  const rest = tabs.slice(ON_A_PHONE);
  const activeInRest = rest.find((tab) => tab.active);
  return (
    <nav aria-label="Project sections" className="border-b border-slate-200 bg-white">
      <ul className="mx-auto flex max-w-7xl gap-1 px-4 sm:px-6">
        {tabs.map((tab, index) => (
          <li key={tab.slug} className={index >= ON_A_PHONE ? "hidden md:block" : undefined}>
            <Link href={tab.href} aria-current={tab.active ? "page" : undefined} className={tabClass(tab.active)}>
              {tab.label}
            </Link>
          </li>
        ))}
        <li className="relative md:hidden">
          {/* Keyed by the path so the menu is closed again after a navigation. */}
          <details key={pathname} className="group">
            <summary className={`${tabClass(Boolean(activeInRest))} cursor-pointer list-none`}>
              {activeInRest ? activeInRest.label : "More"} <span aria-hidden className="inline-block transition group-open:rotate-180">▾</span>
            </summary>
            <ul className="absolute right-0 z-20 mt-1 w-44 rounded-lg bg-white py-1 shadow-lg ring-1 ring-slate-200">
              {rest.map((tab) => (
                <li key={tab.slug}>
                  <Link
                    href={tab.href}
                    aria-current={tab.active ? "page" : undefined}
                    className={`block px-4 py-2 text-sm ${tab.active ? "bg-indigo-50 font-medium text-indigo-700" : "text-slate-700 hover:bg-slate-50"}`}
                  >
                    {tab.label}
                  </Link>
                </li>
              ))}
            </ul>
          </details>
        </li>
      </ul>
    </nav>
  );
}
