// How long a session that has not ended may stay silent before it counts as
// abandoned. The server's TETHER_ABANDONED_AFTER_MIN sets it for both the
// `abandoned` alert and the dashboard's "Abandoned" status (the SPA reads the
// configured figure from `/api/v1/health`); this is the default of both.

export const DEFAULT_ABANDONED_AFTER_MIN = 30;
export const DEFAULT_ABANDONED_AFTER_MS = DEFAULT_ABANDONED_AFTER_MIN * 60_000;
