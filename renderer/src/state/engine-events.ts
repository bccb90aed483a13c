// The one place the stores follow the engine's pushed events: whatever changed the case (a run, an open, a
// decision, an undo or a redo), the report, the drift and the undo history on screen are the engine's, with no
// refreshing by hand.
import type { EngineClient } from '../engine/client';
import { resetAnalyticsInputs } from './analytics';
import { useReportStore } from './report';

/** Returns the unsubscribe function. */
export function followEngine(client: EngineClient): () => void {
  return client.on('caseChanged', (c) => {
    useReportStore.getState().setResult(c.report, c.drift, c.history);
    // Another case (or the same run again): what was refused on the last one's analytics no longer stands.
    if (c.cause === 'run' || c.cause === 'open') resetAnalyticsInputs();
  });
}
