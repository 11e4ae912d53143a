import { describe, expect, it } from 'vitest';
import { describeDecision } from './approval-decisions';

describe('describeDecision', () => {
  it('says each ReviewDecision the agent offers readably, amendments with their command prefix', () => {
    expect(['approved', 'approved_for_session', 'abort', 'denied', 'timed_out'].map(describeDecision)).toEqual([
      'Approve once',
      'Approve for this session',
      'Deny and stop the turn',
      'Deny',
      'Time out',
    ]);
    expect(describeDecision({ approved_execpolicy_amendment: { proposed_execpolicy_amendment: ['git', 'push'] } })).toBe('Approve, and allow commands starting "git push" from now on');
    expect(describeDecision({ approved_execpolicy_amendment: {} })).toBe('Approve, and amend the policy');
  });

  it('keeps an unknown decision in its own words', () => {
    expect(describeDecision('approve_with_review')).toBe('approve with review');
    expect(describeDecision({ escalate: { to: 'lead' } })).toBe('escalate');
    expect(describeDecision(42)).toBe('42');
  });
});
