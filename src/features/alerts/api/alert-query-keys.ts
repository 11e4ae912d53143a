import type { AlertListQuery } from '../../../protocol/api-queries';

/** `all` > `lists()` > `list(query)`: acknowledging invalidates every list at once. */
export const alertKeys = {
  all: ['alerts'] as const,
  lists: () => [...alertKeys.all, 'list'] as const,
  list: (query: Partial<AlertListQuery>) => [...alertKeys.lists(), query] as const,
};
