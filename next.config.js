// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // The dashboard is served by `crumbtrail start`; no telemetry, no powered-by header.
  poweredByHeader: false,
  reactStrictMode: true,
  // The vendor SDKs (API.md 2.5) post to paths like /posthog/batch/ and
  // /sourceConfig/; a redirect to drop the slash would lose a POST's body (and
  // its preflight), so every path is answered as it comes.
  skipTrailingSlashRedirect: true,
  // Types are checked once, by `npm run typecheck` (part of `npm test`), over the
  // whole tree; `npm start` need not spend a minute of every build doing it again.
  typescript: { ignoreBuildErrors: true },
  // No other site may frame the dashboard (clickjacking: a sibling origin could
  // frame Settings and trick a click on "Delete project"). Every page and API
  // answer gets it, except what tracked sites load: the SDK script and the
  // ingestion routes (a framing header means nothing on those, and they must
  // stay exactly as any page on the web can use them).
  async headers() {
    const noFraming = [
      { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
      { key: "X-Frame-Options", value: "DENY" },
    ];
    return [
      { source: "/", headers: noFraming },
      { source: "/:path((?!sdk\\.js$|api/track/?$|v1/|posthog/|mixpanel/|amplitude/|sourceConfig|beacon/).*)", headers: noFraming },
    ];
  },
};

module.exports = nextConfig;
