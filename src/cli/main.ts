#!/usr/bin/env node
// The `veil` executable (package.json "bin"); the program itself is in program.ts.
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2));
