// Imported first by main.tsx. zod compiles fast parsers with `new Function` when it can, and
// finds out by trying once; under the viewer's CSP (script-src 'self', no unsafe-eval) that try is
// blocked, and Firefox reports the blocked eval as a page error even though zod catches it.
// Jitless zod never tries.
import { z } from 'zod';

z.config({ jitless: true });
