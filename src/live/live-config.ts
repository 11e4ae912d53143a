import { defaultPresentLimits, type PresentLimits } from '../protocol/live-present/present-state';

/** Tunables of the live pipeline, in one place so tests and the operator view can change them. */
export interface LiveConfig extends PresentLimits {
  /** Events kept per session in its recent ring (older ones are still in the REST history). */
  recentCapacity: number;
}

export const defaultLiveConfig: LiveConfig = {
  ...defaultPresentLimits,
  recentCapacity: 2_000,
};
