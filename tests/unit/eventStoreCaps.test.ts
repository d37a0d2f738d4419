// The catalog caps inside the writer (lib/store/eventStore.ts with
// catalogCaps.ts): per-request refusals in a group, and names erased from the
// catalog by another connection admitted again once the writer rereads them.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { readConfig } from "../../lib/config";
import { migrate } from "../../lib/db/migrate";
import { openSqliteHotTables } from "../../lib/db/sqlite";
import { normalizeMessage } from "../../lib/ingest/normalize";
import { checkMessage } from "../../lib/ingest/validate";
import { dialectFor } from "../../lib/store/dialect";
import { EventStore, type WriteRequest } from "../../lib/store/eventStore";
import { KnownNamesCache, RELOAD_AFTER_MS } from "../../lib/store/knownNamesCache";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-caps-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function openStore(name: string, clock: () => number) {
  const file = path.join(dir, `${name}.db`);
  await migrate(readConfig({ DATABASE_URL: `file:${file}`, DATA_DIR: dir }));
  const { db, sqlite } = openSqliteHotTables(file);
  return { store: new EventStore(db, dialectFor("sqlite"), sqlite, new KnownNamesCache(clock)), sqlite };
}

function track(event: string, messageId: string, properties: Record<string, unknown> = {}): WriteRequest["messages"][number] {
  const checked = checkMessage({ event, anonymousId: "a", messageId, properties }, 0, false);
  if (!checked.ok) throw new Error(checked.error.message);
  return normalizeMessage(checked.message, Date.now());
}

const limits = { eventNames: 2, eventPropertyNames: 1, personPropertyNames: 1 };

describe("EventStore with catalog caps", () => {
  test("each request hears which of its messages were refused; the others are stored", async () => {
    const { store, sqlite } = await openStore("refusals", Date.now);
    const outcomes = await store.writeGroup([
      { projectId: "p", limits, messages: [track("a", "m1", { x: 1, y: 2 }), track("b", "m2"), track("c", "m3")] },
      { projectId: "p", limits, messages: [track("c", "m3"), track("a", "m4"), track("d", "m5")] },
    ]);
    assert.deepEqual(outcomes, [
      { accepted: 2, duplicates: 0, refused: [2] },
      { accepted: 1, duplicates: 0, refused: [0, 2] },
    ]);
    const events = sqlite.prepare("SELECT message_id, properties FROM events ORDER BY message_id").all() as { message_id: string; properties: string }[];
    assert.deepEqual(events.map((e) => [e.message_id, JSON.parse(e.properties)]), [["m1", { x: 1 }], ["m2", {}], ["m4", {}]]);
    const names = sqlite.prepare("SELECT name FROM event_definitions ORDER BY name").all() as { name: string }[];
    assert.deepEqual(names.map((n) => n.name), ["a", "b"]);
    sqlite.close();
  });

  test("names erased by another connection are admitted again once the writer rereads them", async () => {
    let now = 1_000_000;
    const { store, sqlite } = await openStore("reload", () => now);
    await store.writeGroup([{ projectId: "p", limits, messages: [track("a", "m1"), track("b", "m2")] }]);
    // Erasure (lib/store/erase.ts) runs on another connection: the writer still counts "b".
    sqlite.prepare("DELETE FROM event_definitions WHERE name = 'b'").run();
    const early = await store.writeGroup([{ projectId: "p", limits, messages: [track("c", "m3")] }]);
    assert.deepEqual(early[0].refused, [0], "within the reload window the memory stands");
    now += RELOAD_AFTER_MS;
    const later = await store.writeGroup([{ projectId: "p", limits, messages: [track("c", "m4")] }]);
    assert.deepEqual(later[0], { accepted: 1, duplicates: 0, refused: [] });
    sqlite.close();
  });

  test("without limits (imports) nothing is refused", async () => {
    const { store, sqlite } = await openStore("nolimits", Date.now);
    const outcomes = await store.writeGroup([{ projectId: "p", messages: ["a", "b", "c", "d"].map((e, i) => track(e, `m${i}`)) }]);
    assert.deepEqual(outcomes, [{ accepted: 4, duplicates: 0, refused: [] }]);
    sqlite.close();
  });
});
