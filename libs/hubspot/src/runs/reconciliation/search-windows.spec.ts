import { splitSearchWindows } from './search-windows';

describe('splitSearchWindows', () => {
  const counter = (times: number[]) => {
    const calls: Array<[number, number]> = [];
    const count = async (from: number, to: number) => {
      calls.push([from, to]);
      return times.filter((t) => t >= from && t < to).length;
    };
    return { count, calls };
  };

  it('keeps a window within the cap as one query', async () => {
    const { count, calls } = counter([1, 2, 3]);
    expect(await splitSearchWindows(0, 100, count, 5)).toEqual([{ from: 0, to: 100, total: 3 }]);
    expect(calls).toHaveLength(1);
  });

  it('halves windows over the cap until each fits, covering every record exactly once', async () => {
    const times = Array.from({ length: 50 }, (_, i) => i * 2); // 0..98
    const { count } = counter(times);
    const windows = await splitSearchWindows(0, 100, count, 10);
    expect(windows.every((w) => w.total <= 10)).toBe(true);
    expect(windows.reduce((n, w) => n + w.total, 0)).toBe(50);
    for (let i = 1; i < windows.length; i++)
      expect(windows[i].from).toBeGreaterThanOrEqual(windows[i - 1].to);
    expect(windows[0].from).toBe(0);
  });

  it('drops empty windows and returns an unsplittable millisecond as is', async () => {
    const { count } = counter([5, 5, 5, 5, 40]);
    const windows = await splitSearchWindows(0, 64, count, 2);
    expect(windows).toEqual([
      { from: 5, to: 6, total: 4 },
      { from: 32, to: 64, total: 1 },
    ]);
  });
});
