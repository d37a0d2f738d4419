// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // The dashboard is served by `crumbtrail start`; no telemetry, no powered-by header.
  poweredByHeader: false,
  reactStrictMode: true,
  // Types are checked once, by `npm run typecheck` (part of `npm test`), over the
  // whole tree; `npm start` need not spend a minute of every build doing it again.
  typescript: { ignoreBuildErrors: true },
};

module.exports = nextConfig;
