// One number per event, for the statements that gather each person's events
// (funnel.ts, paths.ts): the event's time from the range's start, in ms, times
// 2^b, plus a code (its step mask, or its step), b just wide enough for the
// range's distinct codes. One array is gathered and sorted per person instead
// of one per field, and sorting the numbers orders the events by time. Equal
// times come out ordered by code rather than arrival, so a person with two
// events in the same millisecond is read again with ids (PERSONS_PER_REREAD at
// a time).

/** Most persons one statement reads again by id (their list is part of the statement's text). */
export const PERSONS_PER_REREAD = 5_000;

/** Integers a double holds exactly (JSON and RowBinary's numbers): packed numbers stay below. */
const EXACT_LIMIT = 2 ** 53;

export interface Packing {
  /** The range's start: times are packed from it. */
  from: number;
  /** 2^b: how many codes the low bits hold. */
  codes: number;
}

/**
 * The packing of events from `from` to `last` (ms) with `distinct` codes. Throws
 * when such numbers would not fit a double: the report then goes to the database
 * (lib/query/report.ts), which answers the same.
 */
export function packingFor(what: string, from: number, last: number, distinct: number): Packing {
  const codes = 2 ** Math.ceil(Math.log2(distinct + 1));
  if ((last - from + 1) * codes >= EXACT_LIMIT) throw new Error(`ClickHouse ${what}: the range and its codes do not fit one number per event`);
  return { from, codes };
}

/** SQL: an event's packed number (UInt64), given the SQL of its code. */
export function packedEvent(packing: Packing, code: string): string {
  return `toUInt64(toUInt64(ts - ${packing.from}) * ${packing.codes} + ${code})`;
}

/** SQL: the least packed number of an event at `ts` (an expression), for a cut from that time on. */
export function packedTime(packing: Packing, ts: string): string {
  return `toUInt64(${ts} - ${packing.from}) * ${packing.codes}`;
}

/**
 * A person's sorted packed numbers as `times` (ms from the range's start) and
 * `codes`; null when two events share a millisecond: their arrival order is then
 * unknown here, and the person is read again with ids.
 */
export function unpack(packing: Packing, packed: number[]): { times: number[]; codes: number[] } | null {
  const times = new Array<number>(packed.length);
  const codes = new Array<number>(packed.length);
  for (let n = 0; n < packed.length; n++) {
    const time = Math.floor(packed[n] / packing.codes);
    if (n > 0 && times[n - 1] === time) return null;
    times[n] = time;
    codes[n] = packed[n] - time * packing.codes;
  }
  return { times, codes };
}
