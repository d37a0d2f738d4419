/* Crumbtrail browser SDK, served at /sdk.js. Its script tag, API and ?crumbtrail_test=TOKEN
 * (a dashboard test session, kept for the tab): docs/sending-events.md. Kept under 2 KB gzipped. */
(function (w, d) {
  var script = d.currentScript || d.querySelector("script[data-write-key]");
  if (!script || (w.crumbtrail && w.crumbtrail.loaded)) return;
  var key = script.getAttribute("data-write-key");
  var host = (script.getAttribute("data-host") || new URL(script.src).origin).replace(/\/$/, "");
  var ls = w.localStorage;
  var queue = [];
  var timer = 0;
  var stub = w.crumbtrail;
  var ab = 0; // {experiment: variant}, asked once a page
  var seen = {};
  var test = (/[?&]crumbtrail_test=([\w-]+)/.exec(location.search) || [])[1];
  try { test ? sessionStorage.ct_test = test : test = sessionStorage.ct_test; } catch (e) {}

  function get(name) {
    try { return ls.getItem("ct_" + name); } catch (e) { return null; }
  }
  function set(name, value) {
    try { value === null ? ls.removeItem("ct_" + name) : ls.setItem("ct_" + name, value); } catch (e) {}
  }
  function uuid() {
    return w.crypto && crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function anonymousId() {
    var id = get("aid");
    if (!id) set("aid", (id = uuid()));
    return id;
  }
  function disabled() {
    return get("optout") === "1" || (script.getAttribute("data-respect-dnt") === "true" && (navigator.doNotTrack === "1" || w.doNotTrack === "1"));
  }
  function context() {
    var l = w.location;
    return {
      page: { url: l.href, path: l.pathname, search: l.search, title: d.title, referrer: d.referrer },
      userAgent: navigator.userAgent,
      locale: navigator.language,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      library: { name: "crumbtrail.js", version: "1" }
    };
  }
  function send(b) {
    clearTimeout(timer);
    timer = 0;
    if (!queue.length) return;
    var batch = queue.splice(0, 100);
    var body = JSON.stringify({ batch: batch, sentAt: new Date().toISOString(), writeKey: key });
    if (b && navigator.sendBeacon && navigator.sendBeacon(host + "/api/track", new Blob([body], { type: "text/plain" }))) return;
    fetch(host + "/api/track", { method: "POST", body: body, keepalive: body.length < 60000, headers: { "Content-Type": "text/plain" } })
      .then(function (r) { if (r.status >= 500 || r.status === 429) throw 0; })
      .catch(function () { queue = batch.concat(queue).slice(-1000); schedule(5000); });
  }
  function schedule(ms) {
    if (!timer) timer = setTimeout(send, ms);
  }
  function enqueue(m) {
    if (disabled()) return;
    m.messageId = uuid();
    m.timestamp = new Date().toISOString();
    m.anonymousId = anonymousId();
    var userId = get("uid");
    if (userId) m.userId = userId;
    m.context = context();
    if (test) (m.properties = m.properties || {}).$test_session = test;
    queue.push(m);
    queue.length >= 20 ? send() : schedule(1000);
  }

  var api = {
    loaded: true,
    track: function (event, properties) { enqueue({ type: "track", event: event, properties: properties || {} }); },
    page: function (name, properties) {
      enqueue({ type: "page", name: typeof name === "string" ? name : d.title, properties: properties || (typeof name === "object" ? name : {}) });
    },
    identify: function (userId, traits) {
      if (userId != null) set("uid", String(userId));
      enqueue({ type: "identify", traits: traits || {} });
    },
    reset: function () { set("uid", null); set("aid", null); },
    optOut: function () { set("optout", "1"); queue = []; },
    optIn: function () { set("optout", null); },
    variant: function (k, done) {
      ab = ab || fetch(host + "/api/experiments?" + new URLSearchParams({ writeKey: key, distinctId: get("uid") || anonymousId() }))
        .then(function (r) { return r.json(); })
        .then(function (b) { return b.experiments; }, function () { ab = 0; });
      return ab.then(function (all) {
        var v = (all || {})[k] || null;
        if (v && !seen[k]) { seen[k] = 1; api.track("$experiment_exposure", { experiment: k, variant: v }); }
        done && done(v);
        return v;
      });
    }
  };
  w.crumbtrail = api;
  if (stub && stub.q) stub.q.forEach(function (call) { api[call[0]].apply(api, call.slice(1)); });

  if (script.getAttribute("data-auto-page") !== "false") {
    var last = w.location.href;
    var nav = function () {
      if (w.location.href !== last) { last = w.location.href; api.page(); }
    };
    ["pushState", "replaceState"].forEach(function (name) {
      var o = history[name];
      history[name] = function () { var r = o.apply(this, arguments); nav(); return r; };
    });
    w.addEventListener("popstate", nav);
    api.page();
  }
  w.addEventListener("pagehide", function () { send(true); });
  d.addEventListener("visibilitychange", function () { if (d.visibilityState === "hidden") send(true); });
})(window, document);
