/** Calls for the same key share one promise while it is pending (one refresh, one probe, one lookup). */
export class SingleFlight<K, V> {
  private readonly pending = new Map<K, Promise<V>>();

  run(key: K, work: () => Promise<V>): Promise<V> {
    let flight = this.pending.get(key);
    if (!flight) {
      flight = work().finally(() => this.pending.delete(key));
      this.pending.set(key, flight);
    }
    return flight;
  }
}
