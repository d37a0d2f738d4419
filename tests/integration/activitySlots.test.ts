// activity_slots (prisma/*/migrations/*_activity_slots) follows every change to
// events through its triggers: inserts (a repeated messageId adds nothing), a
// merge re-pointing a person's events, deletions that leave a slot with or
// without events. Statements go straight to the database, on SQLite and on
// PostgreSQL, so each trigger is checked on its own. SQLite has no insert
// trigger (the writer inserts each stored event's slot): there this test
// inserts it as lib/store/eventStore.ts does, and the ingestion tests
// (identity, privacy, reports) check the writer's own.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { slotAtOrBefore } from "../../lib/query/activitySlots";
import { assertSlotsMatchEvents } from "../support/activitySlots";
import { withSql, type SqlSession } from "../support/sql";
import { databaseKind, freshDatabase, runCli, type TestDatabase } from "../support/server";

const SLOT = 900_000;

describe(`activity slots (${databaseKind()})`, () => {
  let db: TestDatabase;
  before(async () => {
    db = await freshDatabase("slots");
    const migrated = await runCli(db, ["migrate"]);
    assert.equal(migrated.code, 0, migrated.stderr);
  });

  let message = 0;
  async function insert(sql: SqlSession, event: string, ts: number, personId: number, messageId = `m${++message}`): Promise<void> {
    const stored = await sql.run(
      `INSERT INTO events (project_id, event, ts, received_at, distinct_id, person_id, message_id, properties, context)
       VALUES (?, ?, ?, 0, ?, ?, ?, '{}', '{}') ON CONFLICT (project_id, message_id) DO NOTHING`,
      ["p", event, ts, `d${personId}`, personId, messageId],
    );
    if (stored && db.kind === "sqlite") {
      await sql.run("INSERT OR IGNORE INTO activity_slots (project_id, event, slot, person_id) VALUES (?, ?, ?, ?)", ["p", event, slotAtOrBefore(ts), personId]);
    }
  }

  async function slots(sql: SqlSession): Promise<string[]> {
    const rows = await sql.rows<{ event: string; slot: number | string; person_id: number | string }>(
      "SELECT event, slot, person_id FROM activity_slots WHERE project_id = 'p' ORDER BY event, slot, person_id",
    );
    return rows.map((r) => `${r.event}@${Number(r.slot) / SLOT}:${Number(r.person_id)}`);
  }

  test("inserts add one row per event, 15-minute slot and person; a repeat adds nothing", async () => {
    await withSql(db, async (sql) => {
      await insert(sql, "a", 1_000, 1);
      await insert(sql, "a", SLOT - 1, 1); // the same slot's last instant
      await insert(sql, "a", SLOT, 2); // the next slot's first instant
      await insert(sql, "b", -5, 2); // before 1970: the slot at or before it
      await insert(sql, "a", 1_000, 1, "m1"); // a repeated messageId is not stored
      assert.deepEqual(await slots(sql), ["a@0:1", "a@1:2", "b@-1:2"]);
    });
    await assertSlotsMatchEvents(db);
  });

  test("a merge moves the dropped person's slots to the kept person", async () => {
    await withSql(db, async (sql) => {
      await insert(sql, "a", 2_000, 2); // person 2 in slot 0, where person 1 is already
      await sql.run("UPDATE events SET person_id = 1 WHERE project_id = 'p' AND person_id = 2");
      assert.deepEqual(await slots(sql), ["a@0:1", "a@1:1", "b@-1:1"]);
    });
    await assertSlotsMatchEvents(db);
  });

  test("a slot's row stays while one of its events is left, and goes with the last", async () => {
    await withSql(db, async (sql) => {
      // Slot 0 of "a" holds three events of person 1 now (1,000, 2,000, SLOT - 1).
      await sql.run("DELETE FROM events WHERE project_id = 'p' AND event = 'a' AND ts < ?", [SLOT - 1]);
      assert.deepEqual(await slots(sql), ["a@0:1", "a@1:1", "b@-1:1"]);
      await sql.run("DELETE FROM events WHERE project_id = 'p' AND event = 'a' AND ts = ?", [SLOT - 1]);
      assert.deepEqual(await slots(sql), ["a@1:1", "b@-1:1"]);
    });
    await assertSlotsMatchEvents(db);
  });

  test("another event name or person in the same slot keeps its own row", async () => {
    await withSql(db, async (sql) => {
      await insert(sql, "a", SLOT + 5, 3);
      await insert(sql, "b", SLOT + 6, 1);
      await sql.run("DELETE FROM events WHERE project_id = 'p' AND person_id = 1 AND event = 'a'");
      assert.deepEqual(await slots(sql), ["a@1:3", "b@-1:1", "b@1:1"]);
      await sql.run("DELETE FROM events WHERE project_id = 'p'");
      assert.deepEqual(await slots(sql), []);
    });
    await assertSlotsMatchEvents(db);
  });
});
