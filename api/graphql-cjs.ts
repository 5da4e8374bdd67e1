import { createRequire } from 'node:module';

/**
 * graphql as mercurius loads it. mercurius `require`s graphql (its CommonJS build) while an ESM
 * `import` gets the .mjs build: two copies whose classes fail each other's instanceof checks. Every
 * graphql value the API hands to mercurius or gets from it comes from this one copy.
 */
export const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');
