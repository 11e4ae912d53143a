import { afterEach, describe, expect, it } from 'vitest';
import { eventPageSchema } from '#protocol/api-schemas';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { openProducer, testServers } from '../test-support/test-server';

// A large frame is validated on a worker thread and a small one in place, so a small
// frame can be ready before the large one sent ahead of it: it must still be stored,
// and answered, after it.

const servers = testServers(afterEach);

describe('ingest frame order', () => {
  it('stores and answers frames in the order they arrived, whatever their size', async () => {
    const { url, wsUrl } = await servers.start();
    const s = uniqueSessionId('order');
    const e = sessionEvents(s);
    const producer = await openProducer(wsUrl);
    servers.defer(() => producer.socket.close());
    const frames = [
      Array.from({ length: 300 }, () => e('text_complete', { text: 'a fairly long text that makes the frame large '.repeat(3) })),
      [e('done')],
      Array.from({ length: 300 }, () => e('token_usage')),
      [e('error', { error: 'late' })],
    ];
    const replies = await Promise.all(frames.map((frame) => producer.send(frame)));
    expect(replies.map((r) => (r.acks as Record<string, number>)[s])).toEqual([300, 301, 601, 602]);
    const page = eventPageSchema.parse(await (await fetch(`${url}/api/v1/sessions/${s}/events?limit=1000`)).json());
    const seqs = page.events.map((r) => r.event.seq);
    // Cursor order is arrival order.
    expect(seqs).toEqual(Array.from({ length: 602 }, (_, i) => i + 1));
  });
});
