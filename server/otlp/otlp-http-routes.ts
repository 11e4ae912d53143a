import type { FastifyInstance, FastifyReply } from 'fastify';
import { envNames } from '../config';
import { formatBytes } from '../ingest/ingest-limits';
import { decompressBody, encodingOfContentType, type OtlpEncoding } from './otlp-decode';
import { otlpSignals } from './otlp-paths';
import type { OtlpFailure, OtlpReceiver } from './otlp-receiver';
import { contentTypeOf, exportResponseBody, failureBody, httpStatusOf, retryAfterSeconds } from './otlp-replies';

/**
 * OTLP/HTTP on the main port: POST /v1/logs, /v1/traces, /v1/metrics, binary
 * protobuf or OTLP JSON, optionally gzipped. In their own plugin scope, so that
 * their raw-body parser (the JSON is OTLP's, not Fastify's) touches no other route.
 */
export async function registerOtlpHttpRoutes(app: FastifyInstance, receiver: OtlpReceiver, maxBodyBytes: number): Promise<void> {
  const bodyLimitName = `the maxBodyBytes limit of ${formatBytes(maxBodyBytes)} (${envNames.maxBodyBytes})`;
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBodyBytes }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((err: Error & { code?: string; statusCode?: number }, req, reply) => {
      const encoding = encodingOfContentType(req.headers['content-type']);
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return sendFailure(reply, { status: 'too-large', message: `body is over ${bodyLimitName}: send smaller batches` }, encoding);
      }
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendFailure(reply, unsupportedType(req.headers['content-type']), null);
      if (err.statusCode !== undefined && err.statusCode < 500) return reply.send(err);
      req.log.error({ err }, 'OTLP request failed');
      return sendFailure(reply, { status: 'unavailable', message: `the server could not take this request: ${err.message}`, retryAfterMs: 1000 }, encoding);
    });
    for (const signal of otlpSignals) {
      scope.post(`/v1/${signal}`, async (req, reply) => {
        const encoding = encodingOfContentType(req.headers['content-type']);
        if (encoding === null) return sendFailure(reply, unsupportedType(req.headers['content-type']), null);
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const contentEncoding = req.headers['content-encoding'];
        const bytes = decompressBody(body, typeof contentEncoding === 'string' ? contentEncoding : undefined, maxBodyBytes, bodyLimitName);
        if (!bytes.ok) return sendFailure(reply, { status: bytes.status, message: bytes.reason }, encoding);
        const outcome = await receiver.export(signal, encoding, bytes.bytes, req.ip);
        if (outcome.kind === 'refused') return sendFailure(reply, outcome.failure, encoding);
        return reply.code(200).header('content-type', contentTypeOf(encoding)).send(exportResponseBody(outcome, encoding));
      });
    }
  });
}

function unsupportedType(contentType: string | undefined): OtlpFailure {
  const sent = contentType === undefined ? 'no Content-Type' : `Content-Type ${JSON.stringify(contentType)}`;
  return { status: 'unsupported', message: `${sent} is not OTLP: send application/x-protobuf or application/json` };
}

function sendFailure(reply: FastifyReply, failure: OtlpFailure, encoding: OtlpEncoding | null): FastifyReply {
  if (failure.retryAfterMs !== undefined) void reply.header('retry-after', String(retryAfterSeconds(failure.retryAfterMs)));
  return reply.code(httpStatusOf(failure)).header('content-type', contentTypeOf(encoding)).send(failureBody(failure, encoding));
}
