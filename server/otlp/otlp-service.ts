import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config';
import type { IngestPipeline } from '../ingest/ingest-pipeline';
import { ingestLimitsOf } from '../ingest/ingest-limits';
import { OtlpExportPreparer } from './otlp-export-prep';
import { OtlpPrepWorker } from './otlp-prep-client';
import { startOtlpGrpcServer, type OtlpGrpcServer } from './otlp-grpc-server';
import { registerOtlpHttpRoutes } from './otlp-http-routes';
import type { OtlpMapper } from './otlp-records';
import { OtlpReceiver, type ExportPreparer } from './otlp-receiver';

export interface OtlpService {
  receiver: OtlpReceiver;
  /** The OTLP/gRPC listener once started; null when `otlpGrpcPort` is unset. */
  grpc: OtlpGrpcServer | null;
  /** Starts the gRPC listener when configured (after the main port listens, so start-up fails in one place). */
  start(): Promise<void>;
  /** Stops the gRPC listener; its calls in flight end after their commit. HTTP closes with the main server. Run by the app's first preClose hook. */
  close(): Promise<void>;
}

/** The OTLP receiver on the main port (HTTP) and, when configured, its own gRPC port; one receiver, one mapping for both. */
export async function registerOtlp(
  app: FastifyInstance,
  deps: { config: ServerConfig; pipeline: IngestPipeline; log: Logger; mapper?: OtlpMapper },
): Promise<OtlpService> {
  const { config, pipeline, log } = deps;
  const limits = ingestLimitsOf(config);
  // The real mapping runs on the OTLP worker; a test's own mapping object runs in place (same preparer, same checks).
  let preparer: ExportPreparer;
  if (deps.mapper !== undefined) preparer = new OtlpExportPreparer(deps.mapper, limits);
  else {
    const worker = new OtlpPrepWorker(limits, log);
    app.addHook('onClose', () => worker.close());
    preparer = worker;
  }
  const receiver = new OtlpReceiver(pipeline, preparer, limits);
  await registerOtlpHttpRoutes(app, receiver, config.maxBodyBytes);
  const service: OtlpService = {
    receiver,
    grpc: null,
    async start() {
      if (config.otlpGrpcPort === undefined) return;
      service.grpc = await startOtlpGrpcServer({
        host: config.host,
        port: config.otlpGrpcPort,
        receiver,
        tokens: { ingest: config.ingestTokens, read: config.readTokens },
        maxMessageBytes: config.maxBodyBytes,
        log,
      });
    },
    async close() {
      await service.grpc?.close();
    },
  };
  // Added before the app's drain hook (server/app.ts), so it runs first: no new export arrives while the pipeline drains.
  app.addHook('preClose', () => service.close());
  return service;
}
