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
