// Runs work for one key at a time, in the order asked, within this process.
// Two computations of a cohort finishing together (the background one and a
// click on "compute") must not both diff against the same synced snapshot, or
// the receiver would hear of one change twice. Kept on globalThis: route
// handlers and the background schedule are separate bundles of this module.
const QUEUES = Symbol.for("crumbtrail.cohortSyncQueues");
const holder = globalThis as { [QUEUES]?: Map<string, Promise<unknown>> };

export function serially<T>(key: string, work: () => Promise<T>): Promise<T> {
  const queues = (holder[QUEUES] ??= new Map());
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}
