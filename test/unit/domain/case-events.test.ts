import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  foldCaseEvents,
  hashCaseEvent,
  verifyChain,
  type CaseEvent,
} from '../../../src/domain/case-events.js';
import { CaseBuilder } from './case-fixtures.js';

const completedCase = () => new CaseBuilder().walkTo('completed');

/** What a database round trip may do to an event: reorder keys at every depth. */
function shuffleKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shuffleKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, shuffleKeys(v)]),
    );
  }
  return value;
}

describe('canonical JSON and event hashes', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }], e: undefined })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
  });

  it('hashes the opening event to a known sha256 (worked with Python hashlib over sorted-key JSON)', () => {
    const [opened] = completedCase().events;
    expect(opened?.previousHash).toBeNull();
    expect(opened?.hash).toBe('3ee67adaaeb6a3aa2cd4996cdb543b940a21621731329a646ccfbaa0bcd7d5ed');
  });

  it('links each event to the hash of the one before', () => {
    const { events } = completedCase();
    for (const [i, e] of events.slice(1).entries()) expect(e.previousHash).toBe(events[i]?.hash);
    expect(new Set(events.map((e) => e.hash)).size).toBe(events.length);
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain, also after key order changes in storage', () => {
    const { events } = completedCase();
    expect(verifyChain(events)).toEqual({ ok: true });
    expect(verifyChain(events.map((e) => shuffleKeys(e) as CaseEvent))).toEqual({ ok: true });
    const last = events[events.length - 1] as CaseEvent;
    expect(verifyChain(events, { sequence: last.sequence, hash: last.hash })).toEqual({ ok: true });
  });

  it('finds an altered event', () => {
    const events = completedCase().events.map((e) => ({ ...e }));
    events[4] = { ...(events[4] as CaseEvent), reason: 'never minuted' };
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 5 });
    const payloadEdit = completedCase().events.map((e) => ({ ...e })) as CaseEvent[];
    const decision = payloadEdit[5] as CaseEvent & { kind: 'board_decision' };
    expect(decision.kind).toBe('board_decision');
    payloadEdit[5] = { ...decision, payload: { ...decision.payload, meetingId: 'LEB-FORGED' } };
    expect(verifyChain(payloadEdit)).toMatchObject({ ok: false, brokenAt: 6 });
  });

  it('finds an altered event even when its hash was recomputed, at the next link', () => {
    const events = completedCase().events.map((e) => ({ ...e })) as CaseEvent[];
    const forged = { ...(events[4] as CaseEvent), actor: 'mallory' } as CaseEvent;
    events[4] = { ...forged, hash: hashCaseEvent(forged, forged.previousHash) };
    expect(verifyChain(events)).toMatchObject({
      ok: false,
      brokenAt: 6,
      reason: expect.stringContaining('previousHash'),
    });
  });

  it('finds a removed event', () => {
    const events = completedCase().events;
    const removed = [...events.slice(0, 3), ...events.slice(4)];
    expect(verifyChain(removed)).toMatchObject({ ok: false, brokenAt: 5 });
    expect(verifyChain(events.slice(1))).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('finds reordered events', () => {
    const events = [...completedCase().events];
    [events[6], events[7]] = [events[7] as CaseEvent, events[6] as CaseEvent];
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 8 });
  });

  it('finds a chain cut short, given the head the case recorded', () => {
    const events = completedCase().events;
    const last = events[events.length - 1] as CaseEvent;
    expect(verifyChain(events.slice(0, -2))).toEqual({ ok: true });
    expect(verifyChain(events.slice(0, -2), { sequence: last.sequence, hash: last.hash })).toMatchObject({
      ok: false,
      brokenAt: last.sequence,
    });
  });

  it('rejects any single-field change anywhere in the chain', () => {
    const { events } = completedCase();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: events.length - 1 }),
        fc.constantFrom('actor', 'reason', 'occurredAt', 'role'),
        fc.string({ minLength: 1 }),
        (index, field, value) => {
          const original = events[index] as CaseEvent;
          fc.pre(original[field] !== value);
          const tampered = events.map((e, i) => (i === index ? ({ ...e, [field]: value } as CaseEvent) : e));
          expect(verifyChain(tampered)).toMatchObject({ ok: false, brokenAt: original.sequence });
        },
      ),
    );
  });
});

describe('foldCaseEvents', () => {
  it('rebuilds the state applyTransition returned, from the events alone', () => {
    const b = completedCase();
    expect(foldCaseEvents(b.events)).toEqual(b.state);
    expect(foldCaseEvents(b.events.map((e) => JSON.parse(JSON.stringify(shuffleKeys(e))) as CaseEvent))).toEqual(
      b.state,
    );
  });

  it('derives stage visits, facts and the head of the chain', () => {
    const state = foldCaseEvents(completedCase().events);
    expect(state.stage).toBe('completed');
    expect(state.sequence).toBe(17);
    expect(state.visits.map((v) => v.stage)).toEqual([
      'identified',
      'surplus_declared',
      'board_review',
      'approved_for_disposal',
      'first_refusal',
      'due_diligence',
      'planning',
      'marketing',
      'sale_agreed',
      'completed',
    ]);
    expect(state.visits[4]).toMatchObject({ enteredOn: '2024-01-14', leftOn: '2024-03-25', exitTo: 'due_diligence' });
    expect(state.facts.valuation).toEqual({
      marketValuePence: 100_000_000,
      capacityHomes: 120,
      valuedOn: '2024-06-01',
      basis: 'max(EUV, RLV)',
    });
    expect(state.epimsListing).toEqual({ reference: 'EPIMS-1234', listedOn: '2024-01-14' });
    expect(state.boardDecisions).toEqual([
      { meetingId: 'LEB-2024-02', decision: 'approve', decidedOn: '2024-01-13', sequence: 6 },
    ]);
  });

  it('refuses a history that does not start with the opening event, or skips one', () => {
    const { events } = completedCase();
    expect(() => foldCaseEvents(events.slice(1))).toThrow(/opening event/);
    expect(() => foldCaseEvents([...events.slice(0, 3), ...events.slice(4)])).toThrow(/does not follow/);
    expect(() => foldCaseEvents([])).toThrow();
  });
});
