#!/usr/bin/env node
// The one `vigil` command. TypeScript sources run through tsx's loader so that
// a fresh clone needs no build step between `npm ci` and `npm start`.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli.ts');
