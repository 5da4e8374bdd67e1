import type { FeedLogger, LiveFeed } from '../live/live-feed.ts';
import type { StallSweeper } from '../live/resumable-events.ts';
import { createLiveFanout, type LiveFanout } from './live-fanout.ts';
import { createStallSweeper } from './stall-sweeper.ts';

/** What every subscription of one API instance shares: the fan-out of its live feed and the sweeper. */
export interface LiveDelivery {
  readonly fanout: LiveFanout;
  readonly sweeper: StallSweeper;
}

// Keyed by the feed, which each API instance owns or is handed: one fan-out per feed, dropped with it.
const byFeed = new WeakMap<LiveFeed, LiveDelivery>();

/** The fan-out and sweeper of `feed`, made on first use (the sweeper checks every stallMs / 4). */
export function liveDeliveryFor(feed: LiveFeed, stallMs: number, logger?: FeedLogger): LiveDelivery {
  let delivery = byFeed.get(feed);
  if (delivery === undefined) {
    delivery = {
      fanout: createLiveFanout({ feed, ...(logger === undefined ? {} : { logger }) }),
      sweeper: createStallSweeper({ periodMs: Math.max(10, Math.floor(stallMs / 4)) }),
    };
    byFeed.set(feed, delivery);
  }
  return delivery;
}
