// One change of the case through the engine, from a screen with a form: busy meanwhile; done, the case is unsaved
// and autosaved soon; refused, the engine's one line is kept in the screen's store to show beside what was tried.
import { scheduleAutosave } from './actions';
import { useCaseStore } from './case';
import { errorLine, say } from './notice';

/** The part of a screen's store a change writes: whether one is under way, and the last refusal. */
export interface ChangeStore<What> {
  set(patch: { busy?: boolean; refusal?: { what: What; message: string } | null }): void;
}

export async function changeThroughEngine<What>(
  store: () => ChangeStore<What>,
  what: What,
  send: () => Promise<unknown>,
  done: string,
  after?: () => Promise<void>,
): Promise<boolean> {
  store().set({ busy: true, refusal: null });
  try {
    await send();
    useCaseStore.getState().markDirty();
    scheduleAutosave();
    await after?.();
    say(done);
    return true;
  } catch (err) {
    store().set({ refusal: { what, message: errorLine(err) } });
    say(errorLine(err), 'error');
    return false;
  } finally {
    store().set({ busy: false });
  }
}
