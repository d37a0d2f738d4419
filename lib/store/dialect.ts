// The few SQL spellings that differ between SQLite and PostgreSQL, in one place.
import { sql, type RawBuilder } from "kysely";
import type { DatabaseKind } from "../config";

export interface Dialect {
  kind: DatabaseKind;
  /** The smaller of two numbers. */
  least(a: RawBuilder<number> | ReturnType<typeof sql.ref>, b: RawBuilder<number> | ReturnType<typeof sql.ref>): RawBuilder<number>;
  greatest(a: RawBuilder<number> | ReturnType<typeof sql.ref>, b: RawBuilder<number> | ReturnType<typeof sql.ref>): RawBuilder<number>;
  /** A JSON text parameter as the column type properties are stored in. */
  jsonParam(json: string): RawBuilder<string>;
}

export function dialectFor(kind: DatabaseKind): Dialect {
  if (kind === "sqlite") {
    return {
      kind,
      least: (a, b) => sql<number>`min(${a}, ${b})`,
      greatest: (a, b) => sql<number>`max(${a}, ${b})`,
      jsonParam: (json) => sql<string>`${json}`,
    };
  }
  return {
    kind,
    least: (a, b) => sql<number>`least(${a}, ${b})`,
    greatest: (a, b) => sql<number>`greatest(${a}, ${b})`,
    jsonParam: (json) => sql<string>`${json}::jsonb`,
  };
}
