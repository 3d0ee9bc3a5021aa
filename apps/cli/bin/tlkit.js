#!/usr/bin/env node
// The `tlkit` command. The compiled program lives in ../dist; this stub exists in the source tree so that
// `npm ci` can link the bin before anything is built.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write('tlkit: the CLI is not built yet; run `npm run build` (or `npm start`) in the repository first\n');
  process.exit(1);
}
await import(main);
