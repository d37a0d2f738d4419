"use client";

// Search and user-property filters of the users list, kept in the address.
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { inputClass } from "@/components/ui/Field";
import { FilterBuilder } from "../FilterBuilder";
import { draftFromFilter, filtersFromDrafts, type FilterDraft } from "../filterDraft";
import type { FilterLike } from "../params";
import { RunningIndicator, useReportNavigation } from "../ReportNavigation";
import type { PickerCatalog } from "../vocabulary";

export function UsersSearch({ projectId, catalog, search, where }: { projectId: string; catalog: PickerCatalog; search: string; where: FilterLike[] }) {
  const nav = useReportNavigation();
  const [text, setText] = useState(search);
  const [filters, setFilters] = useState<FilterDraft[]>(() => where.map((f) => draftFromFilter({ ...f, scope: "user" }, catalog)));
  const [error, setError] = useState<string | null>(null);

  function apply(event: FormEvent) {
    event.preventDefault();
    const checked = filtersFromDrafts(filters);
    if (checked.error) return setError(checked.error);
    setError(null);
    // The list's property filters are all user-scope: the address leaves the scope out.
    const where = checked.filters.map((f) => {
      if ("cohort" in f) return f;
      const { scope: _scope, ...rest } = f;
      return rest;
    });
    nav.go({ search: text.trim(), where: where.length ? JSON.stringify(where) : null, cursor: null });
  }

  return (
    <form role="search" onSubmit={apply} className="space-y-4 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-label="Find users">
      <div className="flex flex-wrap gap-2">
        <label htmlFor="users-search" className="sr-only">
          Search users
        </label>
        <input
          id="users-search"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Search by id, email, name or any property value"
          className={`${inputClass} min-w-[14rem] flex-1`}
        />
        <Button type="submit" disabled={nav.pending}>
          Search
        </Button>
        <RunningIndicator />
      </div>
      <FilterBuilder legend="Filters" filters={filters} onChange={setFilters} catalog={catalog} projectId={projectId} scopes={["user"]} addLabel={catalog.cohorts.length ? "Filter by a user property or cohort" : "Filter by a user property"} />
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </form>
  );
}
