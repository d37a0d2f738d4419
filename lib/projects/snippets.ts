// Copy-paste ways to send a first event, shown on Settings and the empty Overview.

export function htmlSnippet(origin: string, writeKey: string): string {
  return `<script>
  // Queues calls made before the SDK has loaded.
  window.crumbtrail = window.crumbtrail || { q: [] };
  ["track", "identify", "page", "reset"].forEach(function (m) {
    window.crumbtrail[m] = window.crumbtrail[m] || function () { window.crumbtrail.q.push([m].concat([].slice.call(arguments))); };
  });
  // variant(key) answers a promise at once; the SDK resolves it when it has loaded.
  window.crumbtrail.variant = window.crumbtrail.variant || function (key) {
    return new Promise(function (resolve) { window.crumbtrail.q.push(["variant", key, resolve]); });
  };
</script>
<script src="${origin}/sdk.js" data-write-key="${writeKey}" data-host="${origin}" defer></script>
<!-- then, anywhere: crumbtrail.track("Signed Up", { plan: "pro" }) -->`;
}

export function curlCommand(origin: string, writeKey: string): string {
  return `curl -X POST ${origin}/api/track \\
  -u '${writeKey}:' \\
  -H 'Content-Type: application/json' \\
  -d '{"event": "Test Event", "anonymousId": "curl-test", "properties": {"source": "curl"}}'`;
}
