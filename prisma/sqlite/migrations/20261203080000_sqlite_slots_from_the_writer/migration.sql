-- SQLite only. The activity slot of each new event is inserted by the writer
-- (lib/store/eventStore.ts, the one place events are inserted), not by a
-- trigger: a row trigger made every insert into events cost 30 us instead of
-- 14 in a bare insert loop, where the same INSERT OR IGNORE as a statement
-- of its own costs 4 (bench/RESULTS.md, 2026-12-03). The delete and update
-- triggers stay: they fire on erasure, retention and merges only, and keep
-- every one of those paths right. PostgreSQL keeps its statement-level
-- insert trigger, whose cost did not show in the ingestion benchmark.

DROP TRIGGER "activity_slots_after_insert";
