// Entry of the shipper thread. Next.js bundles the server's own code but not a
// worker's, so the thread loads its TypeScript through tsx, as the writer thread does.
import { tsImport } from "tsx/esm/api";

await tsImport("./thread.ts", import.meta.url);
