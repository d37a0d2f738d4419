// The paths report in the address: start (optional), end (optional), steps
// (2..8), top (events kept per step), where=[filters], exclude=[event names],
// identity=1 to show the identity events hidden by default, mode=pages for
// steps that are pages (paths) instead of events; start, end and exclude then name pages.
import { IDENTITY_EVENTS } from "@/lib/identity/identityEvents";
import { jsonParam, SpecProblem, type FilterLike } from "../params";

export type PathsMode = "events" | "pages";

export interface PathsSpec {
  mode: PathsMode;
  startEvent: string | null;
  endEvent: string | null;
  steps: number | string;
  top: number | string;
  where: FilterLike[];
  /** Events left out of the paths, as the address lists them. */
  exclude: string[];
  showIdentity: boolean;
}

const int = (text: string | undefined, fallback: number): number | string => (text === undefined ? fallback : /^\d+$/.test(text) ? Number(text) : text);

export function readPathsSpec(params: Record<string, string | undefined>): PathsSpec {
  const where = jsonParam<unknown>(params, "where", []);
  if (!Array.isArray(where)) throw new SpecProblem('"where" in the address must be a list of filters.');
  const exclude = jsonParam<unknown>(params, "exclude", []);
  if (!Array.isArray(exclude) || !exclude.every((name) => typeof name === "string")) throw new SpecProblem('"exclude" in the address must be a list of event names.');
  return {
    mode: params.mode === "pages" ? "pages" : "events",
    startEvent: params.start || null,
    endEvent: params.end || null,
    steps: int(params.steps, 5),
    top: int(params.top, 8),
    where: where as FilterLike[],
    exclude: exclude as string[],
    showIdentity: params.identity === "1",
  };
}

/** What the query leaves out: the chosen events, and the identity events unless shown (never the start or end). */
export function excludedEvents(spec: PathsSpec): string[] {
  // Pages mode has no identity events among its steps.
  const hidden = spec.showIdentity || spec.mode === "pages" ? [] : IDENTITY_EVENTS;
  return [...new Set([...spec.exclude, ...hidden])].filter((name) => name !== spec.startEvent && name !== spec.endEvent);
}

export function pathsQuery(spec: PathsSpec, from: number, to: number) {
  return {
    kind: "paths" as const,
    mode: spec.mode,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    ...(spec.startEvent ? { startEvent: spec.startEvent } : {}),
    ...(spec.endEvent ? { endEvent: spec.endEvent } : {}),
    steps: spec.steps,
    maxEventsPerStep: spec.top,
    where: spec.where,
    exclude: excludedEvents(spec),
  };
}
