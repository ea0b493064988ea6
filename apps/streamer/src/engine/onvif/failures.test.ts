import { describe, expect, it } from 'vitest';
import { classifyFailure, type Failure } from './failures.ts';

const failure = (message: string, extra: Partial<Failure> = {}): Failure => Object.assign(new Error(message), extra);

describe('classifyFailure', () => {
  it('reads a NotAuthorized fault, a 401 and a digest refusal as refused credentials', () => {
    const fault = '<env:Fault><env:Code><env:Subcode><env:Value>ter:NotAuthorized</env:Value></env:Subcode></env:Code></env:Fault>';
    for (const error of [failure('ONVIF SOAP Fault: Sender not Authorized', { xml: fault }), failure('Digest authentication failed 401'), failure('ONVIF SOAP Fault: x', { xml: fault })]) {
      expect(classifyFailure(error)).toEqual({ problem: 'auth', message: expect.stringMatching(/^The camera refused the credentials/) });
    }
  });

  it('reads socket errors and timeouts as unreachable, each with its own advice', () => {
    expect(classifyFailure(failure('connect ECONNREFUSED', { code: 'ECONNREFUSED' })).message).toMatch(/port/);
    expect(classifyFailure(failure('getaddrinfo ENOTFOUND cam', { code: 'ENOTFOUND' })).message).toMatch(/IP address instead/);
    expect(classifyFailure(failure('Network timeout'))).toMatchObject({ problem: 'unreachable', message: expect.stringMatching(/timed out/) });
  });

  it('tells a web page from an ONVIF device, and keeps other faults short and on one line', () => {
    expect(classifyFailure(failure('Wrong ONVIF SOAP response')).problem).toBe('not-onvif');
    const odd = classifyFailure(failure(`ONVIF SOAP Fault: Action\nnot   supported${'!'.repeat(400)}`));
    expect(odd.problem).toBe('device-error');
    expect(odd.message).toMatch(/^The camera could not answer: Action not supported!+$/);
    expect(odd.message.length).toBeLessThan(240);
  });

  it('never shows JavaScript internals', () => {
    expect(classifyFailure(new TypeError("Cannot read properties of undefined (reading 'map')")).message).not.toMatch(/undefined|map/);
  });
});
