// lib/store: where events are written. Knows SQL and the database, never HTTP.
import { connections } from "../db";
import { dialectFor } from "./dialect";
import { EventStore } from "./eventStore";
import { GroupCommitWriter } from "./groupCommitWriter";

export { EventStore, type WriteOutcome, type WriteRequest } from "./eventStore";
export { GroupCommitWriter } from "./groupCommitWriter";
export { dialectFor, type Dialect } from "./dialect";
export { inferType, type PropertyType } from "./catalog";

const holder = globalThis as unknown as { __crumbtrailWriter?: GroupCommitWriter };

/** The process's one writer: all ingestion goes through it. */
export function eventWriter(): GroupCommitWriter {
  if (!holder.__crumbtrailWriter) {
    const { db, kind, sqlite } = connections();
    holder.__crumbtrailWriter = new GroupCommitWriter(new EventStore(db, dialectFor(kind), sqlite));
  }
  return holder.__crumbtrailWriter;
}
