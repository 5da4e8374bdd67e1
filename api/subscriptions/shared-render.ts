import type { DocumentNode, ExecutionResult, GraphQLResolveInfo, VariableNode } from 'graphql';
import type { StoredEvent } from '../../contracts/event-store.ts';
import type { ApiContext } from '../context.ts';
import { graphql } from '../graphql-cjs.ts';
import { formatErrors } from '../graphql-errors.ts';
import { eventCursor } from '../live/event-cursor.ts';
import type { Render } from './live-fanout.ts';

/** One event's result for a group, serialized once; each protocol message type and id framed once. */
export interface Rendered {
  /** `{"type":…,"id":…,"payload":…}`, the bytes mercurius would send for this result. */
  message(type: string, id: string): Buffer;
  /** The same message as one unmasked, unfragmented WebSocket text frame, header included. */
  wsFrame(type: string, id: string): Buffer;
}

/** RFC 6455 header of an unmasked final text frame carrying `length` bytes. */
function textFrameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x81, length]);
  if (length < 65_536) return Buffer.from([0x81, 126, length >> 8, length & 0xff]);
  const header = Buffer.alloc(10);
  header[0] = 0x81;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

interface Framed {
  readonly type: string;
  readonly id: string;
  readonly message: Buffer;
  frame: Buffer | null;
}

/** The rendering of one result serialized as `payloadJson`. */
export function renderedPayload(payloadJson: string): Rendered {
  const cache = new Map<string, Framed>();
  // Most groups send to one protocol and one subscription id: remember the last one.
  let last: Framed | null = null;
  const framed = (type: string, id: string): Framed => {
    if (last !== null && last.type === type && last.id === id) return last;
    const key = `${type}\u0000${id}`;
    let entry = cache.get(key);
    if (entry === undefined) {
      const message = Buffer.from(
        `{"type":${JSON.stringify(type)},"id":${JSON.stringify(id)},"payload":${payloadJson}}`,
      );
      entry = { type, id, message, frame: null };
      cache.set(key, entry);
    }
    last = entry;
    return entry;
  };
  return {
    message: (type, id) => framed(type, id).message,
    wsFrame(type, id) {
      const entry = framed(type, id);
      entry.frame ??= Buffer.concat([textFrameHeader(entry.message.length), entry.message]);
      return entry.frame;
    },
  };
}

/** The operation and its fragments as one document. */
const documentOf = (info: GraphQLResolveInfo): DocumentNode => ({
  kind: graphql.Kind.DOCUMENT,
  definitions: [info.operation, ...Object.values(info.fragments)],
});

/**
 * What makes two subscriptions' items equal for the same event: who asks, the operation text and its
 * variables, except the one that only feeds the subscription field's `after` (it picks where the
 * replay starts, not what an item looks like).
 */
export function groupKeyOf(info: GraphQLResolveInfo, principal: string | null): string {
  const document = documentOf(info);
  const root = info.fieldNodes[0];
  const afterValue = root?.arguments?.find((a) => a.name.value === 'after')?.value;
  const afterVariable = afterValue?.kind === graphql.Kind.VARIABLE ? afterValue.name.value : null;
  let uses = 0;
  if (afterVariable !== null) {
    graphql.visit(document, {
      VariableDefinition: () => false,
      Variable: (node: VariableNode) => {
        if (node.name.value === afterVariable) uses += 1;
      },
    });
  }
  const variables = { ...info.variableValues };
  if (afterVariable !== null && uses === 1) delete variables[afterVariable];
  return JSON.stringify([
    principal,
    info.operation.name?.value ?? null,
    document.definitions.map((d) => graphql.print(d)),
    variables,
  ]);
}

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * The group's rendering: the item of the event, executed against the subscriber's selection as
 * graphql-js does for each subscription payload (same schema, context, variables and error
 * formatting), serialized once.
 */
export function executionRender<T>(
  itemOf: (event: StoredEvent) => T | null,
  info: GraphQLResolveInfo,
  ctx: ApiContext,
): Render<Rendered> {
  const document = documentOf(info);
  const operationName = info.operation.name?.value ?? null;
  const toRendered = (result: ExecutionResult): Rendered => {
    const response =
      result.errors !== undefined && result.errors.length > 0
        ? formatErrors(result as never, ctx).response
        : result;
    return renderedPayload(JSON.stringify(response));
  };
  return (event) => {
    const item = itemOf(event);
    if (item === null) return null;
    const result = graphql.execute({
      schema: info.schema,
      document,
      rootValue: { cursor: eventCursor(event.position), node: item },
      contextValue: ctx,
      variableValues: info.variableValues,
      operationName,
    });
    return isPromise(result) ? result.then(toRendered) : toRendered(result);
  };
}
