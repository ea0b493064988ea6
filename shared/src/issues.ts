/**
 * One way to describe zod validation issues, for error replies, API failures, logs and forms:
 * each issue as "path.to.field: message". The control API's `issues` list uses this form, and the
 * streamer UI maps it back onto form fields by its path (errorsFromIssues), so both sides must
 * agree on it: hence one helper.
 */
import type { z } from 'zod';

/** Issues shown in a one-line description; the rest are left out (a reply stays short). */
export const DESCRIBED_ISSUES = 3;

/** Every issue as "path.to.field: message" (": message" for the value itself). */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

/** "offer.sdp: Too big: …; offer.to: …" from zod's issues, at most three; "(message)" names the root. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, DESCRIBED_ISSUES)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(message)'}: ${issue.message}`)
    .join('; ');
}
