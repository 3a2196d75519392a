/** The policy's `meya` agent: a Meya app. */
import { z } from 'zod';
import { agentBase } from '../../schema-parts';

export const MeyaAgent = z
  .strictObject({
    ...agentBase,
    platform: z.literal('meya'),
    enabled: z.boolean().default(true).describe('Turn the Sensitive Data integration on'),
  })
  .describe('A Meya app');
