// Where a token_usage record's tokens were spent. Its own module, free of zod, not
// in ./event-schemas.ts (whose tokenSourceSchema is built from it): the Cost page
// reads `?source=` with it in the app's early entry (src/app/early-start.ts),
// which must not wait for zod and every event schema.

export const tokenSources = ['root', 'rlm_iteration', 'rlm_subcall', 'tool_embedded'] as const;
export type TokenSource = (typeof tokenSources)[number];
