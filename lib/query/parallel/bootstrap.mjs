// Entry of the report helper thread. Next.js bundles the server's own code but
// not a worker's, so the thread loads its TypeScript through tsx, as the writer
// thread (lib/store/writerThread) and bin/crumbtrail.mjs do.
import { tsImport } from "tsx/esm/api";

await tsImport("./thread.ts", import.meta.url);
