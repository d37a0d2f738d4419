// The reference implementation of the reports (API.md 3.1), the hard-case data
// generator, and the comparison of a server's answers with the reference's.
export * from "./world";
export * from "./filters";
export * from "./builtins";
export * from "./time";
export * from "./reports";
export * from "./generator";
export * from "./compare";
export * from "./cohorts";
export * from "./experiments";
