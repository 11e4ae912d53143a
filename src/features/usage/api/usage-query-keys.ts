import type { UsageQuery } from '../../../protocol/api-queries';

/**
 * Keys of the Cost page's queries: `all` > `lists()` > `list(query)`, so the
 * live refresh can invalidate every usage view at once.
 */
export const usageKeys = {
  all: ['usage'] as const,
  lists: () => [...usageKeys.all, 'list'] as const,
  list: (query: UsageQuery) => [...usageKeys.lists(), query] as const,
};
