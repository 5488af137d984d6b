import { describe, expect, it } from 'vitest';
import { createThrottle } from '../../../src/renderer/src/lib/throttle';

describe('createThrottle', () => {
  it('lets one call through per interval', () => {
    const throttle = createThrottle(5000);
    expect(throttle.take(0)).toBe(true);
    expect(throttle.take(1000)).toBe(false);
    expect(throttle.take(4999)).toBe(false);
    expect(throttle.take(5000)).toBe(true);
    expect(throttle.take(9000)).toBe(false);
  });

  it('lets the next call through after a reset', () => {
    const throttle = createThrottle(5000);
    throttle.take(0);
    throttle.reset();
    expect(throttle.take(1)).toBe(true);
  });
});
