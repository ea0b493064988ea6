import { describe, expect, it } from 'vitest';
import { redact, redactingLog } from './redact.ts';

describe('redact', () => {
  it('masks known secrets and anything shaped like a bot token', () => {
    expect(redact('login hunter22 failed', ['hunter22'])).toBe('login *** failed');
    expect(redact('POST https://api.telegram.org/bot123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendPhoto')).toBe('POST https://api.telegram.org/bot***/sendPhoto');
  });

  it('redacting logs scrub messages, strings, errors and objects', () => {
    const lines: string[] = [];
    const log = redactingLog((level, message, fields) => lines.push(`${level} ${message} ${JSON.stringify(fields)}`), () => ['s3cret-pass']);
    log('warn', 'using s3cret-pass', { error: new Error('auth s3cret-pass'), nested: { pass: 's3cret-pass' }, n: 1 });
    expect(lines.join()).not.toContain('s3cret-pass');
    expect(lines.join()).toContain('"n":1');
  });
});
