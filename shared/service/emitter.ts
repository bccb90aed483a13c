// Typed events: a listener per event name, and listeners to every event (for a host that forwards them all
// over a port). Listeners run in the order they subscribed.

type Listener<T> = (data: T) => void;

export class Emitter<Events extends object> {
  private readonly byName = new Map<keyof Events, Set<Listener<never>>>();
  private readonly every = new Set<<K extends keyof Events>(event: K, data: Events[K]) => void>();

  /** Returns the unsubscribe function. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.byName.get(event);
    if (!set) this.byName.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  /** Every event, with its name. Returns the unsubscribe function. */
  onEvery(listener: <K extends keyof Events>(event: K, data: Events[K]) => void): () => void {
    this.every.add(listener);
    return () => this.every.delete(listener);
  }

  emit<K extends keyof Events>(event: K, data: Events[K]): void {
    for (const l of this.byName.get(event) ?? []) (l as Listener<Events[K]>)(data);
    for (const l of this.every) l(event, data);
  }
}
