import { describe, expect, it } from 'vitest';
import { errorsFromIssues, formFromSettings, newRelayRow, newTurnRow, patchFromForm, validateRemoteForm } from './remoteForm.ts';

const saved = formFromSettings({
  stun: ['stun:stun.example.org:3478'],
  turn: [{ urls: ['turn:turn.example.org:3478', 'turns:turn.example.org:5349'], ttlSeconds: 3600, hasSecret: true }],
  portMapping: true,
  mediaPorts: { min: 50000, max: 50031 },
  relays: [{ url: 'wss://relay.example.org' }],
});

describe('remote settings form', () => {
  it('sends saved settings back unchanged, the TURN secret left out', () => {
    expect(validateRemoteForm(saved)).toEqual({});
    expect(patchFromForm(saved)).toEqual({
      portMapping: true,
      mediaPorts: { min: 50000, max: 50031 },
      stun: ['stun:stun.example.org:3478'],
      turn: [{ urls: ['turn:turn.example.org:3478', 'turns:turn.example.org:5349'], ttlSeconds: 3600 }],
      relays: [{ url: 'wss://relay.example.org' }],
    });
  });

  it('names the field and the STUN line that is wrong', () => {
    const errors = validateRemoteForm({
      ...saved,
      stun: 'stun:ok.example.org\nstun.example.org',
      mediaMin: '50100',
      mediaMax: '50000',
      turn: [...saved.turn, { ...newTurnRow(), urls: 'turn:new.example.org' }, newTurnRow()],
      relays: [{ ...newRelayRow(), url: 'ws://relay.example.org' }],
    });
    expect(errors).toEqual({
      stun: 'line 2: must be a stun: URL',
      mediaPorts: 'max must be ≥ min, at most 256 ports',
      'turn.1.secret': 'is required for a new TURN server',
      'turn.2.urls': 'needs at least one turn: or turns: URL',
      'turn.2.secret': 'is required for a new TURN server',
      'relays.0.url': 'must be a wss:// URL with a host and no path',
    });
  });

  it('maps the engine’s issues onto the same fields', () => {
    expect(errorsFromIssues(['turn.0.urls.1: must be a turn: or turns: URL', 'turn.0.urls.0: other', 'relays.2.fingerprint: must be the pin', 'mediaPorts.max: Too big'])).toEqual({
      'turn.0.urls': 'must be a turn: or turns: URL',
      'relays.2.fingerprint': 'must be the pin',
      mediaPorts: 'Too big',
    });
  });
});
