/**
 * Lazily merges already-sorted streams, taking at most `limit` items. Used to page through
 * the executions of thousands of schedules without materialising their histories.
 */
export function mergeSorted<T>(
  streams: Iterable<Iterator<T>>,
  compare: (a: T, b: T) => number,
  limit: number,
): T[] {
  const heap: Array<{ value: T; source: Iterator<T> }> = [];
  const less = (i: number, j: number) =>
    compare(heap[i].value, heap[j].value) < 0;
  const swap = (i: number, j: number) => {
    const tmp = heap[i];
    heap[i] = heap[j];
    heap[j] = tmp;
  };
  const up = (start: number) => {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(i, parent)) break;
      swap(i, parent);
      i = parent;
    }
  };
  const down = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(l, m)) m = l;
      if (r < heap.length && less(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (const source of streams) {
    const first = source.next();
    if (!first.done) {
      heap.push({ value: first.value, source });
      up(heap.length - 1);
    }
  }
  const out: T[] = [];
  while (heap.length > 0 && out.length < limit) {
    const top = heap[0];
    out.push(top.value);
    const next = top.source.next();
    if (next.done) {
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        down(0);
      }
    } else {
      top.value = next.value;
      down(0);
    }
  }
  return out;
}
