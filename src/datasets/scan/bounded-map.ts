/**
 * Runs an async function over many items with a limit on how many run at once, so a scan of 10,000
 * subjects never opens 10,000 files together (EMFILE) or floods libuv's four threads.
 */

/**
 * Maps `items` through `work`, at most `limit` at a time; results keep the items' order.
 *
 * @example
 * const sizes = await mapBounded(files, 16, async (file) => (await stat(file)).size);
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
