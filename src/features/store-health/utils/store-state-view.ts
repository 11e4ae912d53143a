import type { StoreState } from '../../../protocol/health-schemas';

export interface StoreStateView {
  label: string;
  detail: string;
}

/** What the header says when the store refuses events; null while it takes them (nothing to show). */
export function describeStoreState(state: StoreState | null): StoreStateView | null {
  if (state === null || state.writable) return null;
  return {
    label: 'Store refusing events',
    detail: state.problem ?? 'the server cannot store events; producers are told to retry',
  };
}
