// The catalog caps' shape and bounds, without dependencies: the Settings form
// (a client component) reads them too. The caps themselves: lib/store/catalogCaps.ts.

/**
 * A project's caps. Defaults (prisma/models.prisma): 2,000 event names, 2,000
 * event property names, 1,000 user property names, Amplitude's per-project
 * limits (Mixpanel's are alike): far above what a tracking plan uses, far below
 * what makes a picker or the Properties page heavy.
 */
export interface CatalogLimits {
  /** Distinct event names. */
  eventNames: number;
  /** Distinct event property names, over all events. */
  eventPropertyNames: number;
  /** Distinct person (user) property names. */
  personPropertyNames: number;
}


/** Highest cap an admin may set: past it the catalog stops being a list anyone can read. */
export const MAX_CATALOG_LIMIT = 100_000;
