import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FOLD_FROM, FOLD_TO, foldForSearch } from "../../lib/text/fold";

describe("foldForSearch", () => {
  test("lower case without accents on Latin letters", () => {
    assert.equal(foldForSearch("María GARCÍA"), "maria garcia");
    assert.equal(foldForSearch("Zürich Ærø Łódź Nguyễn"), "zurich ærø łodz nguyen");
  });

  test("letters that are not an ASCII letter with marks stay as they are", () => {
    assert.equal(foldForSearch("Straße 東京 Ωμέγα"), "straße 東京 ωμέγα");
  });

  test("PostgreSQL's translate() strings map one character to one, in step", () => {
    assert.equal([...FOLD_FROM].length, [...FOLD_TO].length);
    assert.ok([...FOLD_TO].every((c) => /^[a-z]$/.test(c)));
    for (const [i, ch] of [...FOLD_FROM].entries()) assert.equal(foldForSearch(ch), [...FOLD_TO][i]);
  });
});
