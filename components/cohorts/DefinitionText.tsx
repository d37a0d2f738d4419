// A dynamic cohort's definition in words, as nested lists: "All of: · plan
// equals “pro” · did Purchase at least 2 times in the last 30 days". Every
// name and value is rendered as text.
import Link from "next/link";
import type { Condition, CountOperator, Group } from "@/lib/cohorts/definition";
import type { Filter } from "@/lib/query/model";
import { eventLabel } from "@/components/reports/format";
import { OPERATOR_LABELS } from "@/components/reports/vocabulary";

const COUNT_WORDS: Record<CountOperator, string> = { gte: "at least", lte: "at most", eq: "exactly", gt: "more than", lt: "fewer than" };

function times(n: number): string {
  return `${n} ${n === 1 ? "time" : "times"}`;
}

function days(n: number): string {
  return n === 1 ? "the last day" : `the last ${n} days`;
}

function valueText(value: Filter["value"]): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return value.map((v) => JSON.stringify(v)).join(", ");
  return typeof value === "string" ? `“${value}”` : String(value);
}

/** "plan equals “pro”", "email is set". */
export function filterText(filter: Pick<Filter, "property" | "op" | "value">): string {
  const value = valueText(filter.value);
  return `${filter.property} ${OPERATOR_LABELS[filter.op]}${value ? ` ${value}` : ""}`;
}

function Leaf({ condition, projectId, cohortNames }: { condition: Exclude<Condition, Group>; projectId: string; cohortNames: ReadonlyMap<string, string> }) {
  switch (condition.type) {
    case "property":
      return (
        <>
          {condition.negate ? "not: " : ""}person’s <span className="font-medium">{filterText(condition)}</span>
        </>
      );
    case "performed": {
      const where = condition.where.length ? ` where ${condition.where.map(filterText).join(" and ")}` : "";
      if (condition.negate) {
        // "did not" with the default count reads plainly; any other count is said as the negation it is.
        const plain = condition.count.op === "gte" && condition.count.value === 1;
        return (
          <>
            did not do <span className="font-medium">{eventLabel(condition.event)}</span>
            {plain ? "" : ` ${COUNT_WORDS[condition.count.op]} ${times(condition.count.value)}`}
            {where} in {days(condition.withinDays)}
          </>
        );
      }
      return (
        <>
          did <span className="font-medium">{eventLabel(condition.event)}</span> {COUNT_WORDS[condition.count.op]} {times(condition.count.value)}
          {where} in {days(condition.withinDays)}
        </>
      );
    }
    case "first_time":
      return (
        <>
          {condition.negate ? "did not do " : "did "}
          <span className="font-medium">{eventLabel(condition.event)}</span> for the first time in {days(condition.withinDays)}
        </>
      );
    case "cohort": {
      const name = cohortNames.get(condition.cohortId);
      return (
        <>
          {condition.negate ? "is not in the cohort " : "is in the cohort "}
          {name !== undefined ? (
            <Link href={`/projects/${projectId}/cohorts/${encodeURIComponent(condition.cohortId)}`} className="font-medium text-indigo-600 hover:text-indigo-500">
              {name}
            </Link>
          ) : (
            <span className="font-mono text-xs">{condition.cohortId}</span>
          )}
        </>
      );
    }
  }
}

/** The definition as nested lists; `label` names the top list for screen readers. */
export function DefinitionText({
  match,
  projectId,
  cohortNames,
  label,
  nested = false,
}: {
  match: Group;
  projectId: string;
  cohortNames: ReadonlyMap<string, string>;
  label?: string;
  nested?: boolean;
}) {
  const all = "all" in match;
  const entries = all ? match.all : match.any;
  return (
    <div className="text-sm text-slate-800">
      <p className="font-medium text-slate-600">{nested ? (all ? "all of:" : "any of:") : all ? "Persons who match all of:" : "Persons who match any of:"}</p>
      <ul aria-label={label} className="mt-1 list-disc space-y-1 pl-5">
        {entries.map((condition, i) => (
          <li key={i}>
            {"all" in condition || "any" in condition ? (
              <DefinitionText match={condition} projectId={projectId} cohortNames={cohortNames} nested />
            ) : (
              <Leaf condition={condition} projectId={projectId} cohortNames={cohortNames} />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
