import { Annotations, CfnResource, IResolvable } from 'aws-cdk-lib';
import * as lex from 'aws-cdk-lib/aws-lex';
import { IConstruct } from 'constructs';

/**
 * The `AWS::Lex::Bot` a visited node is, with its locales, for the aspects that rewrite them (slot obfuscation, the
 * Bedrock guardrail). Recognised by CloudFormation type, not by class: a bot from another copy of aws-cdk-lib is still
 * a bot. Locales given as a token cannot be seen, so nothing could be rewritten: that is an error on the bot, naming
 * `purpose`, never silence.
 */
export function lexBotLocales(
  node: IConstruct,
  purpose: string,
): { bot: lex.CfnBot; locales: Array<lex.CfnBot.BotLocaleProperty | IResolvable> } | undefined {
  if (!CfnResource.isCfnResource(node) || node.cfnResourceType !== 'AWS::Lex::Bot') return undefined;
  const bot = node as lex.CfnBot;
  const locales = bot.botLocales;
  if (locales === undefined) return undefined;
  if (!Array.isArray(locales)) {
    Annotations.of(bot).addError(
      `convoguard: the bot's botLocales is a token, so convoguard cannot ${purpose}; give the locales as an array`,
    );
    return undefined;
  }
  return { bot, locales };
}
