#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so no build step sits between a checkout and a run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/engine/cli.ts');
await main();
