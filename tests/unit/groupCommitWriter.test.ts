import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiError } from "../../lib/http/errors";
import type { NormalizedMessage } from "../../lib/ingest/normalize";
import type { WriteOutcome, WriteRequest } from "../../lib/store/eventStore";
import { GroupCommitWriter, type GroupStore } from "../../lib/store/groupCommitWriter";

function request(name: string, size: number): WriteRequest {
  return { projectId: name, messages: Array.from({ length: size }, (_, i) => ({ messageId: `${name}-${i}` }) as NormalizedMessage) };
}

/** Records every group; answers each request with accepted = size and duplicates = its index in the group. */
class FakeStore implements GroupStore {
  groups: string[][] = [];
  failWhen: (requests: WriteRequest[]) => boolean = () => false;
  gate: Promise<void> | null = null;

  async writeGroup(requests: WriteRequest[]): Promise<WriteOutcome[]> {
    this.groups.push(requests.map((r) => r.projectId));
    if (this.gate) await this.gate;
    if (this.failWhen(requests)) throw new Error(`failed: ${requests.map((r) => r.projectId).join(",")}`);
    return requests.map((r, i) => ({ accepted: r.messages.length, duplicates: i, refused: [] }));
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("GroupCommitWriter", () => {
  test("one request is one group, answered with its outcome", async () => {
    const store = new FakeStore();
    const writer = new GroupCommitWriter(store);
    assert.deepEqual(await writer.write(request("a", 3)), { accepted: 3, duplicates: 0, refused: [] });
    assert.deepEqual(store.groups, [["a"]]);
  });

  test("requests arriving in the same tick share one group; each gets its own outcome", async () => {
    const store = new FakeStore();
    const writer = new GroupCommitWriter(store);
    const outcomes = await Promise.all([writer.write(request("a", 1)), writer.write(request("b", 2)), writer.write(request("c", 3))]);
    assert.deepEqual(store.groups, [["a", "b", "c"]]);
    assert.deepEqual(outcomes, [
      { accepted: 1, duplicates: 0, refused: [] },
      { accepted: 2, duplicates: 1, refused: [] },
      { accepted: 3, duplicates: 2, refused: [] },
    ]);
  });

  test("an empty request is answered without touching the store", async () => {
    const store = new FakeStore();
    const writer = new GroupCommitWriter(store);
    assert.deepEqual(await writer.write(request("a", 0)), { accepted: 0, duplicates: 0, refused: [] });
    assert.deepEqual(store.groups, []);
  });

  test("no request is answered before its group is committed", async () => {
    const store = new FakeStore();
    const gate = deferred();
    store.gate = gate.promise;
    const writer = new GroupCommitWriter(store);
    let answered = false;
    const pending = writer.write(request("a", 1)).then((outcome) => {
      answered = true;
      return outcome;
    });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(answered, false);
    gate.resolve();
    assert.deepEqual(await pending, { accepted: 1, duplicates: 0, refused: [] });
  });

  test("requests that arrive while a group commits go together in the next group", async () => {
    const store = new FakeStore();
    const gate = deferred();
    store.gate = gate.promise;
    const writer = new GroupCommitWriter(store);
    const first = writer.write(request("a", 1));
    // Until the first group is at the store (a fixed 10 ms was too short on a loaded machine).
    while (store.groups.length === 0) await new Promise((r) => setTimeout(r, 5));
    const later = [writer.write(request("b", 1)), writer.write(request("c", 1))];
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(store.groups, [["a"]]);
    gate.resolve();
    await Promise.all([first, ...later]);
    assert.deepEqual(store.groups, [["a"], ["b", "c"]]);
  });

  test("a group holds at most maxGroupMessages, but a bigger request still goes alone", async () => {
    const store = new FakeStore();
    const writer = new GroupCommitWriter(store, { maxGroupMessages: 5, maxQueuedMessages: 1000 });
    await Promise.all([
      writer.write(request("a", 2)),
      writer.write(request("b", 2)),
      writer.write(request("c", 2)),
      writer.write(request("big", 9)),
      writer.write(request("d", 1)),
    ]);
    assert.deepEqual(store.groups, [["a", "b"], ["c"], ["big"], ["d"]]);
  });

  test("past maxQueuedMessages, writes are refused with 503 and Retry-After", async () => {
    const store = new FakeStore();
    const gate = deferred();
    store.gate = gate.promise;
    const writer = new GroupCommitWriter(store, { maxGroupMessages: 100, maxQueuedMessages: 5 });
    const accepted = writer.write(request("a", 4));
    assert.equal(writer.pendingMessages, 4);
    await assert.rejects(writer.write(request("b", 2)), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.status, 503);
      assert.equal(error.headers["Retry-After"], "1");
      return true;
    });
    gate.resolve();
    assert.deepEqual(await accepted, { accepted: 4, duplicates: 0, refused: [] });
    assert.equal(writer.pendingMessages, 0);
    // Once drained, there is room again.
    assert.deepEqual(await writer.write(request("c", 5)), { accepted: 5, duplicates: 0, refused: [] });
  });

  test("one request's failure does not cost its neighbours", async () => {
    const store = new FakeStore();
    store.failWhen = (requests) => requests.some((r) => r.projectId === "bad");
    const writer = new GroupCommitWriter(store);
    const results = await Promise.allSettled([writer.write(request("a", 1)), writer.write(request("bad", 1)), writer.write(request("c", 1))]);
    assert.equal(results[0].status, "fulfilled");
    assert.equal(results[1].status, "rejected");
    assert.equal(results[2].status, "fulfilled");
    assert.deepEqual(store.groups, [["a", "bad", "c"], ["a"], ["bad"], ["c"]]);
  });

  test("a busy database (503) fails the whole group at once, without retrying each request", async () => {
    const store = new FakeStore();
    let busy = true;
    store.writeGroup = async function (requests: WriteRequest[]) {
      this.groups.push(requests.map((r) => r.projectId));
      if (busy) throw new ApiError(503, "database_busy", "busy", {}, { "Retry-After": "2" });
      return requests.map((r) => ({ accepted: r.messages.length, duplicates: 0, refused: [] }));
    };
    const writer = new GroupCommitWriter(store);
    const results = await Promise.allSettled([writer.write(request("a", 1)), writer.write(request("b", 1))]);
    assert.deepEqual(results.map((r) => r.status), ["rejected", "rejected"]);
    for (const r of results) assert.equal(((r as PromiseRejectedResult).reason as ApiError).status, 503);
    assert.deepEqual(store.groups, [["a", "b"]], "no one-by-one retries");
    busy = false;
    assert.deepEqual(await writer.write(request("c", 1)), { accepted: 1, duplicates: 0, refused: [] });
  });

  test("the shipper hears of every committed group, and of no failed one", async () => {
    const store = new FakeStore();
    store.failWhen = (requests) => requests.some((r) => r.projectId === "bad");
    let told = 0;
    const writer = new GroupCommitWriter(store, undefined, () => told++);
    await writer.write(request("a", 1));
    assert.equal(told, 1);
    // A failed group split into its requests: the two that commit are told, the failure is not.
    await Promise.allSettled([writer.write(request("b", 1)), writer.write(request("bad", 1)), writer.write(request("c", 1))]);
    assert.equal(told, 3);
    await assert.rejects(writer.write(request("bad", 1)));
    assert.equal(told, 3);
  });

  test("a failing lone request is rejected, and the writer keeps working", async () => {
    const store = new FakeStore();
    store.failWhen = (requests) => requests.some((r) => r.projectId === "bad");
    const writer = new GroupCommitWriter(store);
    await assert.rejects(writer.write(request("bad", 1)), /failed: bad/);
    assert.deepEqual(await writer.write(request("ok", 2)), { accepted: 2, duplicates: 0, refused: [] });
  });

  test("flush waits until everything queued is committed", async () => {
    const store = new FakeStore();
    const gate = deferred();
    store.gate = gate.promise;
    const writer = new GroupCommitWriter(store);
    const writes = [writer.write(request("a", 1)), writer.write(request("b", 1))];
    let flushed = false;
    const flushing = writer.flush().then(() => (flushed = true));
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(flushed, false);
    gate.resolve();
    await flushing;
    await Promise.all(writes);
    assert.equal(writer.pendingMessages, 0);
  });
});
