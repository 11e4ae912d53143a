import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Log lines go to terminals, files and log services that readers of the
 * dashboard are not the only ones to see: no credential may reach them. Request
 * logging is off and no log line carries event payloads (counts only); these
 * paths catch a request that Fastify logs with an error.
 */
const redactedPaths = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'headers.authorization',
  'req.query.token',
  'query.token',
  'req.url',
  'url',
];

/** A `token` query parameter (WebSockets and downloads cannot send headers) is masked inside URLs. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

function censor(value: unknown, path: string[]): unknown {
  if (path.at(-1) === 'url') return typeof value === 'string' ? redactUrl(value) : value;
  return '[redacted]';
}

/** The server's pino logger; `destination` for tests that read what was written. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: redactedPaths, censor } };
  return destination ? pino(options, destination) : pino(options);
}
