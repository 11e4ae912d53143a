import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ingestReplySchema, type IngestFrameReply } from '#protocol/live-messages';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { startTestServer, waitFor } from '../test-support/test-server';

// Issue 13, minor: frames a producer sent while the server shut down were left
// unanswered (their replies were still being validated or committed when the
// socket closed). Every frame the server read before closing now gets its
// reply: an ack, or an error marked retryable.

describe('shutdown', () => {
  it('answers every frame it read before closing the producer socket, each acknowledged or refused as retryable', async () => {
    const { server, wsUrl } = await startTestServer();
    const producer = new WebSocket(`${wsUrl}/api/v1/ingest`);
    await new Promise((resolve, reject) => producer.once('open', resolve).once('error', reject));
    const replies: IngestFrameReply[] = [];
    producer.on('message', (data) => replies.push(ingestReplySchema.parse(JSON.parse(data.toString()))));
    const closed = new Promise<{ code: number; reason: string }>((resolve) => producer.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));

    const e = sessionEvents(uniqueSessionId('shutdown'));
    // Bulk frames (validated on the worker thread, so their replies come late), written without waiting.
    const frames = 40;
    for (let i = 0; i < frames; i++) producer.send(JSON.stringify(Array.from({ length: 300 }, () => e('token_usage'))));
    // Written before close() starts, so the server reads them before it closes the socket.
    await new Promise<void>((resolve) => producer.send('[]', () => resolve()));
    const closing = server.close();
    // Frames that arrive while it shuts down are answered too.
    for (let i = 0; i < 5; i++) producer.send(JSON.stringify([e('token_usage')]));

    expect(await closed).toEqual({ code: 1001, reason: 'server shutting down' });
    await closing;
    expect(replies.length).toBeGreaterThanOrEqual(frames + 1);
    for (const reply of replies) if (reply.kind === 'error') expect(reply.retryable).toBe(true);
    await waitFor(() => producer.readyState === WebSocket.CLOSED, 'the socket to close');
  }, 30_000);
});
