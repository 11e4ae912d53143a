import { describe, expect, it } from 'vitest';
import { BatchUsageOrigins, usageStep } from './usage-origin';

describe('usageStep: how usage_report and token_usage count', () => {
  it('counts usage reports until the first token_usage, which withdraws them; later reports are ignored', () => {
    expect(usageStep(null, { type: 'usage_report' })).toEqual({ action: 'count', origin: 'usage_report' });
    expect(usageStep('usage_report', { type: 'usage_report' })).toEqual({ action: 'count', origin: 'usage_report' });
    expect(usageStep('usage_report', { type: 'token_usage' })).toEqual({ action: 'withdraw_reports_then_count', origin: 'token_usage' });
    expect(usageStep(null, { type: 'token_usage' })).toEqual({ action: 'count', origin: 'token_usage' });
    expect(usageStep('token_usage', { type: 'token_usage' })).toEqual({ action: 'count', origin: 'token_usage' });
    expect(usageStep('token_usage', { type: 'usage_report' })).toEqual({ action: 'ignore', origin: 'token_usage' });
  });

  it('leaves the origin alone for every other event', () => {
    expect(usageStep('usage_report', { type: 'thinking' })).toEqual({ action: 'none', origin: 'usage_report' });
    expect(usageStep(null, { type: 'done' })).toEqual({ action: 'none', origin: null });
  });
});

describe('BatchUsageOrigins', () => {
  it("asks each session's committed origin once and follows the batch's events in order", () => {
    const asked: string[] = [];
    const batch = new BatchUsageOrigins((sessionId) => {
      asked.push(sessionId);
      return sessionId === 'old' ? 'token_usage' : null;
    });
    const steps = [
      batch.step({ type: 'usage_report', session_id: 'new' }),
      batch.step({ type: 'usage_report', session_id: 'old' }),
      batch.step({ type: 'thinking', session_id: 'other' }),
      batch.step({ type: 'usage_report', session_id: 'new' }),
      batch.step({ type: 'token_usage', session_id: 'new' }),
      batch.step({ type: 'usage_report', session_id: 'new' }),
    ];
    expect(steps).toEqual(['count', 'ignore', 'none', 'count', 'withdraw_reports_then_count', 'ignore']);
    expect(asked).toEqual(['new', 'old']);
  });
});
