import type { PostureRule } from './rule';

/**
 * The live alias serves a bot version: a snapshot of the bot's draft when it was published. Protection added to the
 * bot later (an obfuscated slot, a guardrail) reaches production only through a version published after it.
 */
export const aliasCurrent: PostureRule = {
  id: 'CG-ALIAS-CURRENT',
  severity: 'high',
  platforms: ['lex'],
  description:
    "The live alias serves a bot version published from the bot's current definition, so the protection the report reads on the bot is what production runs.",
  check: (a) => {
    const v = a.liveVersion;
    if (!v || v.current === true) return [];
    if (v.current === false)
      return [
        {
          resource: v.resource,
          message:
            "the live alias serves a bot version published from another definition than the bot's: the protection read on the bot does not reach production until a version is published from it",
        },
      ];
    // A version convoguard did not publish (your bot and alias): whether it is current is not in the output.
    return [
      {
        resource: v.resource,
        message:
          "the live alias serves a version convoguard did not publish: whether it has the bot's current protection is not in the output; publish a new version after each change",
        planned: a.expected?.attachedBySynth === false,
      },
    ];
  },
};
