import { parentPort, workerData } from 'node:worker_threads';
import { prepareParseEvent } from '#protocol/parse-event';
import { setMaxEventDepth } from './event-depth';
import { validateFrameSerialized } from './frame-validation';
import { workerReady, type ValidationReply, type ValidationRequest, type ValidationWorkerData } from './frame-validator-protocol';

// The validation worker's loop: frames in, results out, in the order they came.

// The main thread's limit, not this module's default: one limit on both threads.
setMaxEventDepth((workerData as ValidationWorkerData).maxEventDepth);

/** Decoded exactly as the main thread would (Buffer#toString keeps a byte order mark; decodeFrame drops it on both threads). */
const textOf = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString();

parentPort!.on('message', (request: ValidationRequest) => {
  const reply: ValidationReply = { id: request.id, result: validateFrameSerialized(textOf(request.bytes)) };
  parentPort!.postMessage(reply);
});

// Loading and compiling the schemas takes a few hundred milliseconds: until this arrives, frames are validated in place.
prepareParseEvent();
parentPort!.postMessage(workerReady);
