import { useMemo, useState } from 'react';
import { transcriptBuilder, type TranscriptBuild } from '../utils/build-transcript';
import type { TimelineRow } from '../utils/timeline-rows';

/**
 * The transcript of `rows`, extended from the last build when the rows only
 * grew (see extendTranscript): a new event costs the transcript that event,
 * not a pass over the session's history. One builder per mounted transcript.
 */
export function useTranscriptBuild(rows: readonly TimelineRow[]): TranscriptBuild {
  const [build] = useState(transcriptBuilder);
  return useMemo(() => build(rows), [build, rows]);
}
