#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx's loader is registered first, then the entry point.
import { register } from 'tsx/esm/api';

register();
await import('../src/node/bin.ts');
