import type { ConnectionStatus } from '../live-types';

/** The socket as the user should see it, plus counters worth surfacing when something is off. */
export interface ConnectionSlice {
  connection: {
    status: ConnectionStatus;
    /** Ephemeral events the server dropped because this tab fell behind (`lagged`). */
    droppedEvents: number;
    /** Events that failed the protocol schema on arrival: a contract drift between server and this build. */
    invalidEvents: number;
    /** The last `error` message from the server. */
    serverError: string | null;
    /**
     * Since when the figures this tab shows can no longer update (ms epoch): the
     * moment a live connection was lost, kept until it is live and caught up again. Null while current.
     */
    frozenSinceMs: number | null;
    /**
     * How many times the socket has started streaming from the server's head (not
     * resuming from a cursor) and caught up. A read made before such a start may lack
     * what was stored until then; a session's history reads on after each (useSessionHistory).
     */
    freshStarts: number;
  };
}

export const initialConnectionSlice: ConnectionSlice = {
  connection: { status: { kind: 'connecting' }, droppedEvents: 0, invalidEvents: 0, serverError: null, frozenSinceMs: null, freshStarts: 0 },
};
