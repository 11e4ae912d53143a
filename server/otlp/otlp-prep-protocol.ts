import type { IngestLimits } from '../ingest/ingest-limits';
import type { OtlpEncoding } from './otlp-decode';
import type { PreparedExport } from './otlp-export-prep';
import type { OtlpSignal } from './otlp-paths';

// The messages between the main thread and the OTLP worker (server/otlp/otlp-prep-worker-main.ts, started by otlp-prep-client.ts).

export interface OtlpPrepRequest {
  id: number;
  signal: OtlpSignal;
  encoding: OtlpEncoding;
  /** The request body, decompressed. */
  bytes: Uint8Array;
  client: string;
}

export interface OtlpPrepReply {
  id: number;
  prepared: PreparedExport;
}

/** What the worker is started with: the settings its checks share with the main thread. */
export interface OtlpPrepWorkerData {
  limits: IngestLimits;
  maxEventDepth: number;
}
