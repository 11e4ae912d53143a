/** The three OTLP signals, as the URL paths and the collector services name them. */
export type OtlpSignal = 'logs' | 'traces' | 'metrics';
export const otlpSignals: readonly OtlpSignal[] = ['logs', 'traces', 'metrics'];

/** The standard OTLP/HTTP paths (POST), so `OTEL_EXPORTER_OTLP_ENDPOINT=http://host:port` works unchanged. */
export const otlpHttpPaths: readonly string[] = otlpSignals.map((signal) => `/v1/${signal}`);
