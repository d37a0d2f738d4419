"use client";

import { usePathname, useRouter } from "next/navigation";

/** Jumps to the same page of another project. */
export function ProjectSwitcher({ current, projects }: { current: string; projects: { id: string; name: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const section = pathname.split("/")[3] ?? "overview";
  return (
    <label className="flex min-w-0 flex-1 items-center gap-2">
      <span className="sr-only">Switch project</span>
      <span aria-hidden className="text-slate-300">
        /
      </span>
      <select
        value={current}
        onChange={(e) => {
          if (e.target.value === "__new__") router.push("/projects");
          else router.push(`/projects/${e.target.value}/${section}`);
        }}
        className="w-full max-w-[14rem] min-w-0 truncate rounded-md border-0 bg-transparent py-1 pr-8 pl-2 text-sm font-medium text-slate-900 ring-1 ring-slate-200 hover:ring-slate-300 focus:ring-2 focus:ring-indigo-600"
      >
        {projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
        <option value="__new__">All projects / new…</option>
      </select>
    </label>
  );
}
