import type { ApiContext } from '../context.ts';

export const metaResolvers = {
  _meta: async (_: unknown, __: unknown, ctx: ApiContext) => {
    const status = await ctx.deps.status.read();
    return {
      network: status.network,
      ingestedLedger: status.ingestedLedger,
      projectedLedger: status.projectedLedger,
      lagSeconds: status.lagSeconds,
    };
  },
};
