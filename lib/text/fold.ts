// Search folding: "García" is found by "garcia", "GARCÍA" and "garcía".
//
// One table, used three ways so the three agree exactly: in JavaScript for the
// needle, as SQLite's ct_fold() (lib/db/sqlite.ts), and as the two strings of
// PostgreSQL's lower(translate()) (lib/query/sqlDialect.ts). The table maps
// capital accented letters too, and is applied before lower case: PostgreSQL's
// lower() folds only ASCII under the C locale. Built from Unicode's own decompositions (NFD) over the Latin
// blocks, rather than a hand-typed list: every letter whose decomposition is
// one ASCII letter and combining marks (é, Ñ, ş, ẞ is not one) folds to that
// letter in lower case.

const LATIN_BLOCKS: [number, number][] = [
  [0x00c0, 0x024f], // Latin-1 Supplement letters, Latin Extended-A and -B
  [0x1e00, 0x1eff], // Latin Extended Additional (Vietnamese and others)
];

function buildTable(): Map<string, string> {
  const table = new Map<string, string>();
  for (const [first, last] of LATIN_BLOCKS) {
    for (let code = first; code <= last; code++) {
      const letter = String.fromCodePoint(code);
      const base = letter.normalize("NFD").replace(/\p{M}+/gu, "");
      if (base !== letter && /^[A-Za-z]$/.test(base)) table.set(letter, base.toLowerCase());
    }
  }
  return table;
}

const TABLE = buildTable();

/** The letters PostgreSQL's translate() replaces, and what with (same length, one character each). */
export const FOLD_FROM = [...TABLE.keys()].join("");
export const FOLD_TO = [...TABLE.values()].join("");

/** Lower case, accents off the Latin letters: what searches compare. */
export function foldForSearch(text: string): string {
  // The table first, then lower case: "İ" lowers to "i" plus a combining dot.
  let out = "";
  for (const ch of text) out += TABLE.get(ch) ?? ch.toLowerCase();
  return out;
}
