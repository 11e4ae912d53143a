import { describe, expect, it } from 'vitest';
import { reportedCostNote, usageReportNote } from './reported-cost';

describe('reportedCostNote', () => {
  it('says nothing when the producer reported no cost, or the same one as ours', () => {
    expect(reportedCostNote(1.25, null)).toBeNull();
    expect(reportedCostNote(null, null)).toBeNull();
    expect(reportedCostNote(1.25, 1.2500001)).toBeNull();
  });

  it('names both figures when they differ', () => {
    expect(reportedCostNote(1.25, 2)).toBe('the source reported $2.00; catalogue price $1.25');
    expect(reportedCostNote(null, 0.5)).toBe('the source reported $0.50; no catalogue price');
  });
});

describe('usageReportNote', () => {
  it('counts the calls that came from usage reports, and says nothing when none did', () => {
    expect(usageReportNote(0)).toBeNull();
    expect(usageReportNote(1234)).toBe('1,234 from usage reports');
  });
});
