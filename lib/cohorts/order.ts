// The order a batch of cohorts is computed in: a cohort after every cohort it
// includes, so a nested one is fresh when its includer reads it. Cycles are
// refused when a cohort is saved; should one exist anyway, its members keep the
// order given rather than stall the rest.

export interface Includes {
  id: string;
  /** Ids of the cohorts its definition names. */
  includes: string[];
}

export function dependencyOrder<T extends Includes>(cohorts: T[]): T[] {
  const byId = new Map(cohorts.map((c) => [c.id, c]));
  const state = new Map<string, "visiting" | "done">();
  const out: T[] = [];
  const visit = (cohort: T) => {
    if (state.has(cohort.id)) return;
    state.set(cohort.id, "visiting");
    for (const id of cohort.includes) {
      const inner = byId.get(id);
      if (inner) visit(inner);
    }
    state.set(cohort.id, "done");
    out.push(cohort);
  };
  for (const cohort of cohorts) visit(cohort);
  return out;
}
