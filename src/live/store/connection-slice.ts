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
     * The sessions whose stored history had been read, or was being read, when the
     * socket last started streaming from the server's head (not resuming from a cursor)
     * and caught up: such a read may lack what was stored until then, and neither the
     * socket nor the read brings it. Each reads on once from what it holds, then leaves
     * this set (useSessionHistory). A history first read after that start needs nothing.
     */
    historiesToReadOn: ReadonlySet<string>;
  };
}

export const initialConnectionSlice: ConnectionSlice = {
  connection: { status: { kind: 'connecting' }, droppedEvents: 0, invalidEvents: 0, serverError: null, frozenSinceMs: null, historiesToReadOn: new Set<string>() },
};
