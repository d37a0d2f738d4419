// The paths report in the address: start (optional), end (optional), steps
// (2..8), top (events kept per step), where=[filters], exclude=[event names],
// identity=1 to show the identity events hidden by default.
import { jsonParam, SpecProblem, type FilterLike } from "../params";

/**
 * Events the SDKs send to tie ids together, not steps anyone takes: left out
 * of paths unless asked for (the API itself hides nothing by default).
 */
export const IDENTITY_EVENTS = ["$identify", "$create_alias", "$groupidentify"];

export interface PathsSpec {
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
  const hidden = spec.showIdentity ? [] : IDENTITY_EVENTS;
  return [...new Set([...spec.exclude, ...hidden])].filter((name) => name !== spec.startEvent && name !== spec.endEvent);
}

export function pathsQuery(spec: PathsSpec, from: number, to: number) {
  return {
    kind: "paths" as const,
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
