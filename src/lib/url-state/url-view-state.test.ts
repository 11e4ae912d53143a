import { describe, expect, it } from 'vitest';
import { mergeChangedFields } from './url-view-state';

describe('mergeChangedFields', () => {
  const rendered = { group: 'source', measure: 'tokens', sources: ['root'] };

  it('keeps an earlier change that the caller had not seen yet', () => {
    // First change (group) is written but not yet rendered; the second (measure) is built from the stale render.
    const latest = { ...rendered, group: 'model' };
    expect(mergeChangedFields(rendered, { ...rendered, measure: 'cost' }, latest)).toEqual({ group: 'model', measure: 'cost', sources: ['root'] });
  });

  it('writes a change of an array field by identity, and leaves unchanged arrays alone', () => {
    const latest = { ...rendered, sources: ['root', 'rlm_subcall'] };
    expect(mergeChangedFields(rendered, { ...rendered }, latest)).toEqual(latest);
    expect(mergeChangedFields(rendered, { ...rendered, sources: [] }, latest)).toEqual({ ...latest, sources: [] });
  });

  it('is the next params when nothing else is pending', () => {
    const next = { ...rendered, group: 'agent' };
    expect(mergeChangedFields(rendered, next, rendered)).toEqual(next);
  });
});
