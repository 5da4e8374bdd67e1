/**
 * Milliseconds on CLOCK_MONOTONIC, which every process on the machine shares: an append time taken
 * in the server process and a receipt time taken in the client process can be subtracted.
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * Runs `connectOne` `count` times with at most `concurrency` in flight, so thousands of sockets
 * connect in paced waves instead of overflowing the server's accept backlog.
 */
export async function connectPaced(
  count: number,
  concurrency: number,
  connectOne: () => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      await connectOne();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
