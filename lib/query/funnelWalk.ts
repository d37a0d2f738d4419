// The funnel walk of API.md 3.1 on one person's events, the same whichever store
// read them (funnel.ts on SQLite and PostgreSQL, clickhouse/funnel.ts on ClickHouse).

/** One person's outcome: how far they got, from which start, and how long each step took. */
export interface PersonJourney {
  personId: number;
  /** Steps reached (1..n). */
  reached: number;
  /** Seconds from step k-1 to step k along the chosen start's path (index k). */
  gaps: number[];
  breakdownKey: string;
}

interface Row {
  person: number;
  ts: number;
  flags: boolean[];
  key: string;
}

/** The greedy walk of API.md: every start, earliest next match within the window, best start kept. */
export function walkPerson(rows: Row[], stepCount: number, from: number, to: number, windowMs: number): Omit<PersonJourney, "personId"> | null {
  const masks = rows.map((row) => row.flags.reduce((mask, flag, k) => (flag ? mask | (1 << k) : mask), 0));
  return walkEvents(
    rows.map((row) => row.ts),
    masks,
    (i) => rows[i].key,
    stepCount,
    from,
    to,
    windowMs,
  );
}

/**
 * walkPerson on one person's events as parallel lists (times, step masks with
 * bit k for step k+1), the way the candidates arrive: no object per event.
 */
export function walkEvents(
  times: number[],
  masks: number[],
  keyOf: (index: number) => string,
  stepCount: number,
  from: number,
  to: number,
  windowMs: number,
): Omit<PersonJourney, "personId"> | null {
  let best: number[] | null = null;
  for (let s = 0; s < times.length; s++) {
    const startTs = times[s];
    if (!(masks[s] & 1) || startTs < from || startTs >= to) continue;
    const path = [s];
    let j = s;
    for (let k = 1; k < stepCount; k++) {
      const bit = 1 << k;
      let next = -1;
      for (let x = j + 1; x < times.length; x++) {
        if (times[x] - startTs > windowMs) break;
        if (masks[x] & bit) {
          next = x;
          break;
        }
      }
      if (next < 0) break;
      path.push(next);
      j = next;
    }
    if (!best || path.length > best.length) best = path;
    if (best.length === stepCount) break;
  }
  if (!best) return null;
  const gaps = best.map((index, k) => (k === 0 ? 0 : (times[index] - times[best![k - 1]]) / 1000));
  return { reached: best.length, gaps, breakdownKey: keyOf(best[0]) };
}

/** One person's candidates: their times and step masks, in the same order. */
export interface Candidates {
  times: number[];
  masks: number[];
}

/**
 * "t1,m1,t2,m2" (from numberPairs: integers) as times and masks, read digit by
 * digit: JSON.parse of the list built an array of both and then copied it, a
 * fifth of a big funnel's client CPU and much of its garbage.
 */
export function candidates(list: unknown): Candidates {
  const text = String(list);
  const times: number[] = [];
  const masks: number[] = [];
  let value = 0;
  let sign = 1;
  let isTime = true;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : COMMA;
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      value = value * 10 + (c - DIGIT_0);
    } else if (c === COMMA) {
      (isTime ? times : masks).push(sign * value);
      isTime = !isTime;
      value = 0;
      sign = 1;
    } else if (c === MINUS) {
      sign = -1;
    } else {
      throw new Error(`funnel candidates: unexpected ${JSON.stringify(text[i])} in a list of integers`);
    }
  }
  return { times, masks };
}

const COMMA = 44;
const MINUS = 45;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
