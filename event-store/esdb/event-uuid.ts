import { createHash } from 'node:crypto';

/** Namespace of this project's event UUIDs (a fixed random UUID). */
export const EVENT_UUID_NAMESPACE = '3f0b6a52-8c1e-4d7a-9b25-6e4f1c0d8a73';

/** RFC 4122 version 5 UUID (SHA-1 of namespace and name). */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The EventStoreDB event id of a fact: the same (type, id) always gets the same UUID, so copies show. */
export const eventUuid = (type: string, id: string): string => uuidV5(`${type}/${id}`, EVENT_UUID_NAMESPACE);
