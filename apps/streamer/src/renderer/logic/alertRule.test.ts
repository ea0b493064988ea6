import { describe, expect, it } from 'vitest';
import { CameraConfig } from '@vigil/shared/config';
import { checkRuleLabels, describeRule } from './alertRule.ts';

const camera = (id: string, detection?: object) => CameraConfig.parse({ id, name: id.toUpperCase(), source: { kind: 'test-pattern' }, ...(detection ? { detection } : {}) });
const names = { camera: (id: string) => id.toUpperCase(), zone: (id: string) => `Zone ${id}`, channel: (id: string) => `Ch ${id}` };

describe('alert rules in words', () => {
  it('says what, where and to whom', () => {
    expect(describeRule({ cameras: [], zones: ['drive'], channels: ['mail'], labels: ['person'] }, names)).toBe('Person in Zone drive → Ch mail');
    expect(describeRule({ cameras: ['porch'], zones: ['drive'], channels: ['mail'], labels: ['person'] }, names)).toBe('Person in Zone drive (PORCH) → Ch mail');
    expect(describeRule({ cameras: ['porch'], zones: [], channels: ['mail', 'tg'], labels: ['person', 'vehicle'] }, names)).toBe('Person or vehicle at PORCH → Ch mail, Ch tg');
    expect(describeRule({ cameras: [], zones: [], channels: ['mail'] }, names)).toBe('Motion at any camera → Ch mail');
  });
});

describe('rule label checks', () => {
  const watching = camera('porch', { labels: ['person'] });
  const blind = camera('garden');
  it('is silent when no labels are required or every camera looks for them', () => {
    expect(checkRuleLabels({ cameras: [], labels: [] }, [blind])).toEqual({});
    expect(checkRuleLabels({ cameras: ['porch'], labels: ['person'], unconfirmed: 'skip' }, [watching, blind])).toEqual({});
  });
  it('refuses a rule that could never alert, warns about blind cameras', () => {
    expect(checkRuleLabels({ cameras: ['garden'], labels: ['person'], unconfirmed: 'skip' }, [watching, blind]).error).toContain('never alert');
    expect(checkRuleLabels({ cameras: [], labels: ['vehicle'], unconfirmed: 'alert' }, [watching, blind]).warning).toContain('alert on any motion');
    expect(checkRuleLabels({ cameras: [], labels: ['person'], unconfirmed: 'skip' }, [watching, blind])).toEqual({ warning: expect.stringContaining('GARDEN does not look for person') });
  });
});
