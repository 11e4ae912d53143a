import { describe, expect, it } from 'vitest';
import { SECRET_MASK } from '../../../lib/format/mask-secrets';
import { sampleEvents } from '../../../protocol/sample-events';
import { maskEventForDisplay } from './mask-event';

describe('maskEventForDisplay', () => {
  it('masks secrets inside JSON-encoded tool arguments', () => {
    const event = { ...sampleEvents.tool_call_start, arguments: '{"url":"https://x","headers":{"Authorization":"Bearer abc"}}' };
    const masked = maskEventForDisplay(event) as { arguments: string };
    expect(masked.arguments).toBe(`{"url":"https://x","headers":{"Authorization":"${SECRET_MASK}"}}`);
  });

  it('masks secrets in tool_call_metadata and leaves the envelope and token counts alone', () => {
    const event = { ...sampleEvents.tool_call_metadata, metadata: { exit_code: 0, env: { GITHUB_TOKEN: 'ghp_secret' } } };
    expect(maskEventForDisplay(event)).toEqual({ ...event, metadata: { exit_code: 0, env: { GITHUB_TOKEN: SECRET_MASK } } });
    expect(maskEventForDisplay(sampleEvents.token_usage)).toEqual(sampleEvents.token_usage);
  });
});
