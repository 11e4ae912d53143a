import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { bearerTokenOf, decide } from '../security/auth';
import { TokenVerifier, type ConfiguredTokens } from '../security/auth-tokens';
import { otlpProto, otlpSignals, type OtlpSignal } from './otlp-proto';
import type { OtlpFailure, OtlpReceiver } from './otlp-receiver';
import { exportResponseBody, grpcCodeOf, grpcCodes, statusProtobuf } from './otlp-replies';

export interface OtlpGrpcServer {
  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  port: number;
  /** Stops taking calls, lets those in flight finish (they end after their commit), then closes. */
  close(): Promise<void>;
}

/** How long close() waits for calls in flight before cutting them off. */
const shutdownGraceMs = 5000;

const identity = (b: Buffer) => b;

/**
 * The collector services' Export methods, with the request left as bytes: the
 * receiver decodes it with the same protobufjs types as OTLP/HTTP (one decoder,
 * one set of refusals), and a body that does not decode is INVALID_ARGUMENT with
 * the reason rather than grpc-js's generic deserialisation error.
 */
function serviceDefinition(signal: OtlpSignal): grpc.ServiceDefinition {
  const service = otlpProto().signals[signal].service;
  return {
    Export: {
      path: `/${service.fullName.replace(/^\./, '')}/Export`,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
      originalName: 'export',
    },
  };
}

function serviceError(failure: OtlpFailure): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  // Status with RetryInfo / BadRequest details, where gRPC clients look for them.
  metadata.set('grpc-status-details-bin', statusProtobuf(failure));
  return { code: grpcCodeOf(failure), details: failure.message, metadata };
}

/** `ipv4:127.0.0.1:5000` / `ipv6:[::1]:5000` -> the address, for the per-client rate limit. */
export function clientAddressOf(peer: string): string {
  const match = /^(?:ipv4:|ipv6:)?\[?([^\]]*?)\]?(?::\d+)?$/.exec(peer);
  return match?.[1] || peer;
}

/** OTLP/gRPC on its own listener (`--otlp-grpc-port`), with the ingest token scope read from the `authorization` metadata. */
export async function startOtlpGrpcServer(opts: {
  host: string;
  port: number;
  receiver: OtlpReceiver;
  tokens: ConfiguredTokens;
  maxMessageBytes: number;
  log: Logger;
}): Promise<OtlpGrpcServer> {
  const verifier = new TokenVerifier(opts.tokens);
  const server = new grpc.Server({ 'grpc.max_receive_message_length': opts.maxMessageBytes });
  for (const signal of otlpSignals) {
    server.addService(serviceDefinition(signal), {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        const refusal = authRefusal(verifier, call.metadata);
        if (refusal !== null) return callback(refusal);
        opts.receiver.export(signal, 'protobuf', call.request, clientAddressOf(call.getPeer())).then(
          (outcome) => (outcome.kind === 'accepted' ? callback(null, exportResponseBody(outcome, 'protobuf') as Buffer) : callback(serviceError(outcome.failure))),
          (err: unknown) => {
            opts.log.error({ err, signal }, 'OTLP/gRPC export failed');
            callback(serviceError({ status: 'unavailable', message: `the server could not take this request: ${(err as Error).message}`, retryAfterMs: 1000 }));
          },
        );
      },
    });
  }
  const address = opts.host.includes(':') ? `[${opts.host}]:${opts.port}` : `${opts.host}:${opts.port}`;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  opts.log.info({ port }, 'OTLP/gRPC listening');
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      const force = setTimeout(() => server.forceShutdown(), shutdownGraceMs);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    }));
  return { port, close };
}

function authRefusal(verifier: TokenVerifier, metadata: grpc.Metadata): Partial<grpc.StatusObject> | null {
  if (!verifier.enabled) return null;
  const header = metadata.get('authorization')[0];
  const token = bearerTokenOf(typeof header === 'string' ? header : header?.toString());
  const decision = decide({ kind: 'scoped', scope: 'ingest', queryToken: false }, token !== undefined, token === undefined ? new Set() : verifier.scopesOf(token));
  if (decision.ok) return null;
  return { code: decision.status === 401 ? grpcCodes.UNAUTHENTICATED : grpcCodes.PERMISSION_DENIED, details: `${decision.error} (gRPC metadata authorization)` };
}
