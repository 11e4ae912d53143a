import type { AlertListQuery } from '../../../protocol/api-queries';

/** The list's filters as the route takes them; `cursor` is a previous page's `next_cursor`. */
export type AlertListParams = Partial<Pick<AlertListQuery, 'kind' | 'session' | 'since' | 'unread' | 'limit'>> & { cursor?: number };

/** `all` > `lists()` > `list(query)`: acknowledging invalidates every list at once. */
export const alertKeys = {
  all: ['alerts'] as const,
  lists: () => [...alertKeys.all, 'list'] as const,
  list: (query: AlertListParams) => [...alertKeys.lists(), query] as const,
};
