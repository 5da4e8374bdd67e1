import type { StoredEvent } from '../../../contracts/event-store.ts';
import type { LedgerFact } from '../../../contracts/events/index.ts';
import { decodeFixture } from '../../helpers/decode-fixture.ts';
import { fixture, PUBNET_P26_DIR } from '../../helpers/fixtures.ts';

export const P22_LEDGER = (): string => fixture('ledger-close-meta/pubnet/misc/ledger-57500008.xdr.gz');

export interface FixtureEvents {
  readonly facts: readonly LedgerFact[];
  readonly events: readonly StoredEvent[];
}

/**
 * The 20 pubnet P26 ledgers and the P22 ledger, decoded, wrapped as stored events with increasing
 * positions; payloads go through JSON as the store keeps them.
 */
export async function loadFixtureEvents(): Promise<FixtureEvents> {
  const ledgers = [...(await decodeFixture(PUBNET_P26_DIR())), ...(await decodeFixture(P22_LEDGER()))];
  const facts = ledgers.flatMap((l) => l.facts);
  const revisions = new Map<number, bigint>();
  const events = facts.map((fact, i): StoredEvent => {
    const revision = revisions.get(fact.ledger) ?? 0n;
    revisions.set(fact.ledger, revision + 1n);
    return {
      position: BigInt(i + 1),
      stream: `ledger-${fact.ledger}`,
      revision,
      type: fact.type,
      id: fact.id,
      ledger: fact.ledger,
      payload: JSON.parse(JSON.stringify(fact)),
    };
  });
  return { facts, events };
}

/** Facts of one type, typed. */
export const factsOfType = <T extends LedgerFact['type']>(
  facts: readonly LedgerFact[],
  type: T,
): Extract<LedgerFact, { type: T }>[] =>
  facts.filter((f): f is Extract<LedgerFact, { type: T }> => f.type === type);
