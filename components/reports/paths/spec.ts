// The paths report in the address: start (optional), end (optional), steps
// (2..8), top (events kept per step), where=[filters].
import { jsonParam, SpecProblem, type FilterLike } from "../params";

export interface PathsSpec {
  startEvent: string | null;
  endEvent: string | null;
  steps: number | string;
  top: number | string;
  where: FilterLike[];
}

const int = (text: string | undefined, fallback: number): number | string => (text === undefined ? fallback : /^\d+$/.test(text) ? Number(text) : text);

export function readPathsSpec(params: Record<string, string | undefined>): PathsSpec {
  const where = jsonParam<unknown>(params, "where", []);
  if (!Array.isArray(where)) throw new SpecProblem('"where" in the address must be a list of filters.');
  return { startEvent: params.start || null, endEvent: params.end || null, steps: int(params.steps, 5), top: int(params.top, 8), where: where as FilterLike[] };
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
  };
}
