/** Tunables of the live pipeline, in one place so tests and the operator view can change them. */
export interface LiveConfig {
  /** Events kept per session in its recent ring (older ones are still in the REST history). */
  recentCapacity: number;
  /** Characters of output kept per running tool (the tail an operator reads). */
  toolOutputTailChars: number;
}

export const defaultLiveConfig: LiveConfig = {
  recentCapacity: 2_000,
  toolOutputTailChars: 4_000,
};
