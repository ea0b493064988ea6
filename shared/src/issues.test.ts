import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues, issueLines } from './issues.ts';

const Schema = z.object({ a: z.object({ b: z.string() }), c: z.number(), d: z.boolean(), e: z.string() });
const failure = (value: unknown) => {
  const result = Schema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  return result.error;
};

describe('issueLines', () => {
  it('lists every issue as "path: message"', () => {
    const lines = issueLines(failure({ a: {}, c: 'x' }));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^a\.b: /);
    expect(lines[1]).toMatch(/^c: /);
    expect(issueLines(failure(1))[0]).toMatch(/^: /);
  });
});

describe('describeIssues', () => {
  it('joins at most three issues on one line and names the root "(message)"', () => {
    const line = describeIssues(failure({ a: {}, c: 'x' }));
    expect(line.split('; ').map((part) => part.split(':')[0])).toEqual(['a.b', 'c', 'd']);
    expect(describeIssues(failure(1))).toMatch(/^\(message\): /);
  });
});
