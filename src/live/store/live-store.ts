import { create } from 'zustand';
import { initialConnectionSlice, type ConnectionSlice } from './connection-slice';
import { initialSessionsLiveSlice, type SessionsLiveSlice } from './sessions-slice';

export type LiveStoreState = ConnectionSlice & SessionsLiveSlice;

/**
 * Ephemeral live state only; server data (summaries, stored history) stays in
 * TanStack Query. The store holds no actions: they are module-level functions
 * in live-actions.ts, callable from the socket handler without React.
 * Read it through the hooks in ../hooks, always with a selector.
 */
export const useLiveStore = create<LiveStoreState>()(() => ({
  ...initialConnectionSlice,
  ...initialSessionsLiveSlice,
}));
