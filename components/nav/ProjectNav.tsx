"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { slug: "overview", label: "Overview" },
  { slug: "events", label: "Events" },
  { slug: "funnels", label: "Funnels" },
  { slug: "retention", label: "Retention" },
  { slug: "paths", label: "Paths" },
  { slug: "users", label: "Users" },
  { slug: "properties", label: "Properties" },
  { slug: "live", label: "Live" },
  { slug: "settings", label: "Settings" },
];

export function ProjectNav({ projectId }: { projectId: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Project sections" className="border-b border-slate-200 bg-white">
      <ul className="mx-auto flex max-w-7xl gap-1 overflow-x-auto px-4 sm:px-6">
        {TABS.map((tab) => {
          const href = `/projects/${projectId}/${tab.slug}`;
          const active = pathname === href || pathname.startsWith(href + "/");
          return (
            <li key={tab.slug}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={`inline-block border-b-2 px-3 py-3 text-sm font-medium whitespace-nowrap ${
                  active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
