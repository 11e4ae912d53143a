import type { SerializedFrameResult } from './frame-validation';

// The messages between the main thread and the frame validation worker.

export interface ValidationRequest {
  id: number;
  /** The frame's UTF-8 text (already checked to be valid UTF-8 by the WebSocket). */
  bytes: Uint8Array;
}

export interface ValidationReply {
  id: number;
  result: SerializedFrameResult;
}

/** The worker's first message: it has loaded and takes frames. */
export const workerReady = 'ready';

/** What the worker is started with: the settings its checks share with the main thread. */
export interface ValidationWorkerData {
  maxEventDepth: number;
}
