#!/usr/bin/env node
// The `labelloop` command: runs the compiled CLI (`npm run build` creates dist/).
import('../dist/cli/main.js')
