import net from 'node:net';

/**
 * A TCP load balancer in miniature for the scaled-mode tests: each new
 * connection goes to the first target that accepts it, so once a replica dies
 * its clients' reconnects land on the next one, as behind a real balancer with
 * health checks.
 */
export async function startFailoverProxy(targetPorts: readonly number[]) {
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };
  const connectFirst = (index: number, onReady: (upstream: net.Socket) => void, onFail: () => void) => {
    if (index >= targetPorts.length) return onFail();
    const upstream = net.connect({ host: '127.0.0.1', port: targetPorts[index]! });
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      onReady(upstream);
    });
    upstream.once('error', () => {
      if (!connected) connectFirst(index + 1, onReady, onFail);
    });
  };
  const server = net.createServer((client) => {
    track(client);
    client.pause();
    client.on('error', () => client.destroy());
    connectFirst(
      0,
      (upstream) => {
        track(upstream);
        upstream.on('error', () => client.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      },
      () => client.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    /** Cuts every connection through it (as a network fault would); new ones are accepted as before. */
    dropConnections() {
      for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
