// Setup file of the e2e project: a test fails when a page it drove threw or left a rejection
// unhandled (tests/helpers/page-errors.ts), even when every assertion of its own passed.
import { afterEach } from 'vitest';
import { takePageErrors } from './page-errors.ts';

afterEach(() => {
  const errors = takePageErrors();
  if (errors.length > 0) throw new Error(`uncaught error(s) in a page during this test:\n${errors.join('\n\n')}`);
});
