import type { DeadLetterDraft } from './delivery-state.ts';
import type { Firing } from './parse-firing.ts';

export type SinkResult =
  | { readonly kind: 'delivered' }
  | { readonly kind: 'dead'; readonly letters: readonly DeadLetterDraft[] }
  /** Nothing to do for this sink; it moves past the firing. */
  | { readonly kind: 'skipped' }
  /** The dispatcher is stopping: progress stays where it was and the firing is delivered next time. */
  | { readonly kind: 'aborted' };

/** One delivery target with its own progress through the triggers stream. */
export interface Sink {
  /** Progress key: `nats`, `webhook:<name>`, or `unrouted`. */
  readonly name: string;
  wants(firing: Firing): boolean;
  /** Delivers one firing, retrying as the target allows; resolves once it is done with it. */
  deliver(firing: Firing, signal: AbortSignal): Promise<SinkResult>;
}
