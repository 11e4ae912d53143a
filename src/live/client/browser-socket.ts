import type { SocketFactory } from './live-client';

/** The real WebSocket behind the client's SocketFactory seam. Binary frames are not part of the protocol and are ignored. */
export const browserSocket: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.onopen = () => handlers.open();
  socket.onmessage = (event: MessageEvent<unknown>) => {
    if (typeof event.data === 'string') handlers.message(event.data);
  };
  socket.onclose = (event) => handlers.close(event.code, event.reason);
  // An error is always followed by close, which is where reconnecting starts.
  socket.onerror = () => undefined;
  return { close: (code, reason) => socket.close(code, reason) };
};
