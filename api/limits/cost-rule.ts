import type {
  ASTVisitor,
  FieldNode,
  FragmentDefinitionNode,
  SelectionSetNode,
  ValidationContext,
} from 'graphql';
import { graphql } from '../graphql-cjs.ts';

const { GraphQLError, Kind } = graphql;

export interface CostLimits {
  readonly maxDepth: number;
  readonly maxComplexity: number;
  /** The page size a connection counts for when `first` is absent or a variable. */
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  /** Fields that return a page: without `first` they count `defaultPageSize` times. */
  readonly connectionFields: ReadonlySet<string>;
}

/**
 * A validation rule that refuses documents nested deeper than `maxDepth` or selecting more than
 * `maxComplexity` fields in all (every alias counts; a connection's nodes count `first` times), so an
 * alias bomb or a deep query is refused before any resolver runs.
 */
export function costRule(limits: CostLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const pageOf = (field: FieldNode): number => {
      const first = field.arguments?.find((a) => a.name.value === 'first');
      if (first === undefined)
        return limits.connectionFields.has(field.name.value) ? limits.defaultPageSize : 1;
      return first.value.kind === Kind.INT
        ? Math.max(1, Math.min(Number(first.value.value), limits.maxPageSize))
        : limits.maxPageSize;
    };
    /** [cost, depth] of a selection set; fragments expanded (cycles are another rule's error). */
    const measure = (set: SelectionSetNode, seen: ReadonlySet<string>): [number, number] => {
      let cost = 0;
      let depth = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.selectionSet === undefined) {
            cost += 1;
            depth = Math.max(depth, 1);
          } else {
            const [c, d] = measure(selection.selectionSet, seen);
            cost += 1 + c * pageOf(selection);
            depth = Math.max(depth, d + 1);
          }
        } else {
          const target =
            selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
          const name = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : null;
          if (target === undefined || (name !== null && seen.has(name))) continue;
          const [c, d] = measure(target.selectionSet, name === null ? seen : new Set([...seen, name]));
          cost += c;
          depth = Math.max(depth, d);
        }
        if (cost > limits.maxComplexity * 10) return [cost, depth];
      }
      return [cost, depth];
    };
    return {
      OperationDefinition(node) {
        const [cost, depth] = measure(node.selectionSet, new Set());
        if (depth > limits.maxDepth) {
          context.reportError(
            new GraphQLError(`the query is ${depth} levels deep; this server allows ${limits.maxDepth}`, {
              nodes: [node],
              extensions: { code: 'API_ERR_QUERY_TOO_DEEP', depth, maxDepth: limits.maxDepth },
            }),
          );
        }
        if (cost > limits.maxComplexity) {
          context.reportError(
            new GraphQLError(
              `the query selects about ${cost} fields (aliases and page sizes included); this server allows ${limits.maxComplexity}`,
              {
                nodes: [node],
                extensions: {
                  code: 'API_ERR_QUERY_TOO_COMPLEX',
                  complexity: cost,
                  maxComplexity: limits.maxComplexity,
                },
              },
            ),
          );
        }
        return false;
      },
    };
  };
}
