#!/usr/bin/env node
// `vigil verify`: checks recordings against their hash chain offline. Runs the TypeScript through
// tsx's loader, like vigil-streamer, so no build step sits between a checkout and a run.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { runVerify } = await import('../src/engine/recording/verify-cli.ts');
process.exitCode = await runVerify(process.argv.slice(2));
