import { Annotations, IAspect, IResolvable, Tokenization } from 'aws-cdk-lib';
import * as lex from 'aws-cdk-lib/aws-lex';
import { IConstruct } from 'constructs';
import { lexBotLocales } from './lex-bot-locales';
import { Kind, kindOfLexSlotType } from '../policy/catalog';

export interface ObfuscateSensitiveSlotsProps {
  /** Kinds whose built-in slot types make a slot sensitive (`AMAZON.EmailAddress` for email, …). */
  readonly kinds: Kind[];
  /**
   * Obfuscate every slot, whatever its type.
   * @default false
   */
  readonly all?: boolean;
  /**
   * Custom slot types whose slots are obfuscated too.
   * @default none
   */
  readonly slotTypes?: string[];
}

/**
 * Sets `obfuscationSetting.obfuscationSettingType = DefaultObfuscation` on every Lex V2 slot whose type maps to a
 * sensitive kind (or on all slots), in every `AWS::Lex::Bot` of the scope it is added to (`LexBotProtection` adds it
 * to its own bot only, so one agent's settings never reach another agent's bot). Lex then logs `{slotName}` instead of the value.
 * It does not cover audio, session attributes or values echoed in prompts: the log group's data protection policy
 * and the audio bucket's encryption do. A slot explicitly set to `None` is kept and reported as a warning.
 */
export class ObfuscateSensitiveSlots implements IAspect {
  private readonly kinds: ReadonlySet<Kind>;

  constructor(private readonly props: ObfuscateSensitiveSlotsProps) {
    this.kinds = new Set(props.kinds);
  }

  public visit(node: IConstruct): void {
    // A token (a Fn::If, a value from elsewhere): the slots cannot be seen, so none would be obfuscated: an error.
    const found = lexBotLocales(node, 'see or obfuscate its slots');
    if (!found) return;
    const { bot, locales } = found;
    bot.botLocales = locales.map((locale) => this.locale(bot, locale));
  }

  private locale(
    bot: lex.CfnBot,
    locale: lex.CfnBot.BotLocaleProperty | IResolvable,
  ): lex.CfnBot.BotLocaleProperty | IResolvable {
    if (Tokenization.isResolvable(locale)) {
      Annotations.of(bot).addError(
        'convoguard: a locale of the bot is a token, so convoguard cannot see or obfuscate its slots; give it as an object',
      );
      return locale;
    }
    const l = locale as lex.CfnBot.BotLocaleProperty;
    if (l.intents !== undefined && !Array.isArray(l.intents)) {
      Annotations.of(bot).addError(
        `convoguard: the intents of locale ${l.localeId} are a token, so convoguard cannot see or obfuscate their slots; give them as an array`,
      );
      return l;
    }
    if (!Array.isArray(l.intents)) return l;
    return {
      ...l,
      intents: l.intents.map((intent) => {
        if (Tokenization.isResolvable(intent)) return intent;
        const i = intent as lex.CfnBot.IntentProperty;
        if (!Array.isArray(i.slots)) return i;
        return {
          ...i,
          slots: i.slots.map((slot) =>
            Tokenization.isResolvable(slot)
              ? slot
              : this.slot(bot, l.localeId, i.name, slot as lex.CfnBot.SlotProperty),
          ),
        };
      }),
    };
  }

  private slot(
    bot: lex.CfnBot,
    locale: string,
    intent: string,
    slot: lex.CfnBot.SlotProperty,
  ): lex.CfnBot.SlotProperty {
    const kind = kindOfLexSlotType(slot.slotTypeName);
    const custom = typeof slot.slotTypeName === 'string' && !slot.slotTypeName.startsWith('AMAZON.');
    const listed = custom && (this.props.slotTypes ?? []).includes(slot.slotTypeName);
    const sensitive = this.props.all || listed || (kind !== undefined && this.kinds.has(kind));
    if (!sensitive) {
      if (custom) {
        Annotations.of(bot).addWarningV2(
          'convoguard:custom-slot-type',
          `slot "${slot.name}" of intent "${intent}" (${locale}) uses the custom slot type ${slot.slotTypeName}, which is not obfuscated: if its values are personal data, list it in sensitiveSlotTypes`,
        );
      }
      return slot;
    }
    const current =
      slot.obfuscationSetting && !Tokenization.isResolvable(slot.obfuscationSetting)
        ? (slot.obfuscationSetting as lex.CfnBot.ObfuscationSettingProperty).obfuscationSettingType
        : undefined;
    if (current === 'None') {
      Annotations.of(bot).addWarningV2(
        'convoguard:slot-not-obfuscated',
        `slot "${slot.name}" of intent "${intent}" (${locale}) holds ${slot.slotTypeName}${kind ? ` (${kind})` : ''} but sets obfuscation None; its value will appear in conversation logs`,
      );
      return slot;
    }
    return { ...slot, obfuscationSetting: { obfuscationSettingType: 'DefaultObfuscation' } };
  }
}
