// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // The dashboard is served by `crumbtrail start`; no telemetry, no powered-by header.
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
