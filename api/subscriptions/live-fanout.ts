import type { StoredEvent } from '../../contracts/event-store.ts';
import type { FeedLogger, LiveFeed, LiveListener } from '../live/live-feed.ts';

/**
 * Turns one event into what a group's direct members are sent (null: nothing for this event). It is
 * called once per event for the whole group, only while the group has direct members.
 */
export type Render<P> = (event: StoredEvent) => P | null | Promise<P | null>;

/** How a group renders events, and what it reports after each event reached its direct members. */
export interface GroupRendering<P> {
  readonly render: Render<P>;
  /** Called with the number of members an event was delivered to (when not zero). */
  readonly delivered?: (count: number) => void;
}

/** A member on the direct path. */
export interface DirectMember<P> {
  /** Sends the rendering of the event at `position`; false when it was not sent (already delivered). */
  deliver(position: bigint, rendered: P): boolean;
  /** The group could not render an event: leave the direct path and catch up the slow way. */
  fallBack(): void;
}

export interface FanoutMembership<P> {
  /** Live events of the group's types from now on (the queued path), until the returned stop. */
  listen(listener: LiveListener): () => void;
  /** Rendered live events from now on (the direct path), until the returned stop. */
  direct(member: DirectMember<P>): () => void;
  leave(): void;
}

export interface LiveFanout {
  /**
   * Joins the group `key` (subscribers whose items are the same for the same event, and so share one
   * rendering), creating it with `rendering()` when it does not exist; a null key is a group of one.
   */
  join<P>(
    key: string | null,
    types: readonly string[],
    rendering: () => GroupRendering<P>,
  ): FanoutMembership<P>;
  readonly stats: { readonly groups: number; readonly members: number; readonly direct: number };
  close(): void;
}

interface Group {
  readonly key: string | null;
  readonly types: readonly string[];
  readonly rendering: GroupRendering<unknown>;
  readonly queued: Set<LiveListener>;
  readonly direct: Set<DirectMember<unknown>>;
  members: number;
  /** The rendering that returned a promise, if one is running: later events of the group wait for it. */
  pending: Promise<void> | null;
}

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * One listener on the live feed for every subscriber of this API instance. Subscribers are grouped by
 * what they would receive and indexed by event type, so an event wakes only the groups that want its
 * type; a group renders the event once and its direct members send that rendering as is.
 */
export function createLiveFanout(options: {
  readonly feed: LiveFeed;
  readonly logger?: FeedLogger;
}): LiveFanout {
  const groups = new Map<string, Group>();
  const byType = new Map<string, Set<Group>>();
  let groupCount = 0;
  let members = 0;
  let direct = 0;
  let unlisten: (() => void) | null = null;

  const fallBackAll = (group: Group, error: unknown): void => {
    options.logger?.warn({ err: error, group: group.key }, 'live fan-out: rendering an event failed');
    for (const member of [...group.direct]) member.fallBack();
  };
  const sendAll = (group: Group, position: bigint, rendered: unknown): void => {
    if (rendered === null) return;
    let count = 0;
    for (const member of group.direct) if (member.deliver(position, rendered)) count += 1;
    if (count > 0) group.rendering.delivered?.(count);
  };
  const renderAndSend = (group: Group, event: StoredEvent): Promise<void> | null => {
    if (group.direct.size === 0) return null;
    let rendered: unknown;
    try {
      rendered = group.rendering.render(event);
    } catch (error) {
      fallBackAll(group, error);
      return null;
    }
    if (!isPromise(rendered)) {
      sendAll(group, event.position, rendered);
      return null;
    }
    return rendered.then(
      (value) => sendAll(group, event.position, value),
      (error: unknown) => fallBackAll(group, error),
    );
  };
  const onEvent = (event: StoredEvent): void => {
    const wanting = byType.get(event.type);
    if (wanting === undefined) return;
    for (const group of wanting) {
      for (const listener of group.queued) listener(event);
      if (group.direct.size === 0 && group.pending === null) continue;
      const running =
        group.pending === null
          ? renderAndSend(group, event)
          : group.pending.then(() => renderAndSend(group, event) ?? undefined);
      if (running === null) continue;
      group.pending = running;
      void running.finally(() => {
        if (group.pending === running) group.pending = null;
      });
    }
  };

  const remove = (group: Group): void => {
    groupCount -= 1;
    if (group.key !== null) groups.delete(group.key);
    for (const type of group.types) {
      const set = byType.get(type);
      set?.delete(group);
      if (set?.size === 0) byType.delete(type);
    }
    if (byType.size === 0) {
      unlisten?.();
      unlisten = null;
    }
  };

  return {
    join<P>(
      key: string | null,
      types: readonly string[],
      rendering: () => GroupRendering<P>,
    ): FanoutMembership<P> {
      let group = key === null ? undefined : groups.get(key);
      if (group === undefined) {
        group = {
          key,
          types: [...new Set(types)],
          rendering: rendering() as GroupRendering<unknown>,
          queued: new Set(),
          direct: new Set(),
          members: 0,
          pending: null,
        };
        groupCount += 1;
        if (key !== null) groups.set(key, group);
        for (const type of group.types) {
          let set = byType.get(type);
          if (set === undefined) {
            set = new Set();
            byType.set(type, set);
          }
          set.add(group);
        }
        unlisten ??= options.feed.listen(onEvent);
      }
      const joined = group;
      joined.members += 1;
      members += 1;
      let left = false;
      return {
        listen(listener) {
          joined.queued.add(listener);
          return () => {
            joined.queued.delete(listener);
          };
        },
        direct(member) {
          const m = member as DirectMember<unknown>;
          joined.direct.add(m);
          direct += 1;
          return () => {
            if (joined.direct.delete(m)) direct -= 1;
          };
        },
        leave() {
          if (left) return;
          left = true;
          members -= 1;
          joined.members -= 1;
          if (joined.members === 0) remove(joined);
        },
      };
    },
    get stats() {
      return { groups: groupCount, members, direct };
    },
    close() {
      unlisten?.();
      unlisten = null;
      groups.clear();
      byType.clear();
    },
  };
}
