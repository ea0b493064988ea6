// Setup file of the e2e project: a test fails when a page it drove threw or left a rejection
// unhandled (tests/helpers/page-errors.ts), even when every assertion of its own passed. An
// error while a file's pages load (beforeAll) is charged to its first test; one after its last
// test (afterAll) fails the file.
import { afterAll, afterEach } from 'vitest';
import { takePageErrors } from './page-errors.ts';

function failOnPageErrors(when: string): void {
  const errors = takePageErrors();
  if (errors.length > 0) throw new Error(`uncaught error(s) in a page ${when}:\n${errors.join('\n\n')}`);
}

afterEach(() => failOnPageErrors('during this test'));
afterAll(() => failOnPageErrors('after the last test of this file'));
