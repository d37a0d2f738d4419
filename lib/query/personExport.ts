// A person's data as one JSON document (an access request, GDPR art. 15): who
// they are and every event of all their distinct ids, oldest first. Produced as
// text chunks, a page of events at a time, so memory stays flat for a person
// with millions of events.
import type { ReportContext } from "./context";
import { streamEvents } from "./events";
import { personIdOf, usersByPersonIds, type UserSummary } from "./users";

export interface PersonExport {
  person: UserSummary;
  /** The document, in pieces that concatenate to valid JSON. */
  chunks: AsyncGenerator<string>;
}

async function* documentChunks(ctx: ReportContext, project: { id: string; name: string }, person: UserSummary, distinctId: string, now: Date): AsyncGenerator<string> {
  const head = { exportedAt: now.toISOString(), project, person };
  // The head object, its closing brace replaced by the start of the events list.
  yield JSON.stringify(head).slice(0, -1) + ',"events":[';
  let first = true;
  for await (const event of streamEvents(ctx.projectId, { distinctId })) {
    yield (first ? "\n" : ",\n") + JSON.stringify(event);
    first = false;
  }
  yield "\n]}\n";
}

/** Null when no person of the project has that distinct id. */
export async function personExport(ctx: ReportContext, project: { id: string; name: string }, distinctId: string, now = new Date()): Promise<PersonExport | null> {
  const personId = await personIdOf(ctx, distinctId);
  if (personId === null) return null;
  const [person] = await usersByPersonIds(ctx, [personId]);
  if (!person) return null;
  return { person, chunks: documentChunks(ctx, project, person, distinctId, now) };
}
