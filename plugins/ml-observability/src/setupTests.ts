import '@testing-library/jest-dom';

/**
 * jsdom has no layout, so every element measures 0×0 and recharts'
 * ResponsiveContainer would draw nothing. This observer reports an 800×300
 * box instead, the way a browser reports a laid-out card.
 */
class SizedResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    this.callback(
      [
        {
          target,
          contentRect: { width: 800, height: 300 },
        } as ResizeObserverEntry,
      ],
      this as unknown as ResizeObserver,
    );
  }
  unobserve() {}
  disconnect() {}
}
(globalThis as any).ResizeObserver ??= SizedResizeObserver;

// Rendering a whole tab in jsdom takes seconds on a busy CI machine.
jest.setTimeout(20_000);
