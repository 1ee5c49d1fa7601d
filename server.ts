// Entry point: `node --import tsx server.ts` is the same as `vigil serve`.
import { startServer } from './server/serve.ts';

await startServer({ demo: process.argv.includes('--demo') });
