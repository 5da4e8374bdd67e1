import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { refusedAddressKind } from './address-policy.ts';
import { deliverError } from './errors.ts';

/** Every address of a hostname (dns.lookup with all: true by default; tests pass their own). */
export type ResolveHost = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemResolveHost: ResolveHost = (hostname) =>
  dns.lookup(hostname, { all: true, verbatim: true });

/**
 * The `lookup` of a webhook request: resolves the hostname once, refuses it when any address is
 * private (unless allowed), and hands the socket exactly the addresses it checked, so a second DNS
 * answer (rebinding) can never reach a refused address.
 */
export function createGuardedLookup(options: {
  readonly resolve: ResolveHost;
  readonly allowPrivate: boolean;
  readonly webhook: string;
}): LookupFunction {
  return (hostname: string, lookupOptions: LookupOptions, callback) => {
    options.resolve(hostname).then(
      (found) => {
        const family = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
        const addresses = found.filter((a) => family === 0 || a.family === family);
        if (addresses.length === 0) {
          const error = deliverError(
            'DELIVER_ERR_WEBHOOK_FAILED',
            `webhook ${options.webhook}: ${hostname} did not resolve to any usable address`,
            { details: { webhook: options.webhook, host: hostname } },
          );
          callback(error as unknown as NodeJS.ErrnoException, '');
          return;
        }
        const refused = options.allowPrivate
          ? undefined
          : addresses.map((a) => ({ a, kind: refusedAddressKind(a.address) })).find((r) => r.kind !== null);
        if (refused !== undefined) {
          callback(
            deliverError(
              'DELIVER_ERR_PRIVATE_TARGET',
              `webhook ${options.webhook}: ${hostname} resolves to ${refused.a.address}, a ${refused.kind} address, refused as a target; set allowPrivate: true if it is trusted`,
              { details: { webhook: options.webhook, host: hostname, address: refused.a.address } },
            ) as unknown as NodeJS.ErrnoException,
            '',
          );
          return;
        }
        const first = addresses[0] as LookupAddress;
        if (lookupOptions.all === true) callback(null, [...addresses]);
        else callback(null, first.address, first.family);
      },
      (cause: unknown) => callback(cause as NodeJS.ErrnoException, ''),
    );
  };
}
