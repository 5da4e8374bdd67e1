import { ACTIVITY_SDL } from './activity.ts';
import { COMMON_SDL } from './common.ts';
import { EVENTS_SDL } from './events.ts';
import { LEDGER_SDL } from './ledger.ts';
import { PAYMENT_SDL } from './payment.ts';
import { ROOT_SDL } from './root.ts';
import { TRADE_SDL } from './trade.ts';
import { TRANSACTION_SDL } from './transaction.ts';
import { TRIGGER_SDL } from './trigger.ts';

/** The whole GraphQL schema, one file per group of types. */
export const SCHEMA_SDL = [
  COMMON_SDL,
  LEDGER_SDL,
  TRANSACTION_SDL,
  PAYMENT_SDL,
  TRADE_SDL,
  EVENTS_SDL,
  ACTIVITY_SDL,
  TRIGGER_SDL,
  ROOT_SDL,
].join('\n');
