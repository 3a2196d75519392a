import { cloudWatchRetentionAtMost } from '../../lib/policy/platforms';
import { App, CfnParameter, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lex from 'aws-cdk-lib/aws-lex';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  addAwsStacks,
  AnonymizedTopics,
  AwsAgentProtection,
  LexBotProtection,
  MacieIdentifiers,
  ProtectedLogGroup,
  RedactionVerification,
  SensitiveBucket,
  SensitiveDataKey,
} from '../../lib/aws';
import { compareVersions, unsupportedAwsCdkLib } from '../../lib/aws/compat';
import { agentPlan, expectedPosture, parsePolicy, plan } from '../../lib/policy';

const newStack = () => new Stack(new App(), 'test', { env: { region: 'eu-west-2' } });

function parts(stack: Stack) {
  const key = new SensitiveDataKey(stack, 'Key', { alias: 'alias/test' });
  const logGroup = new ProtectedLogGroup(stack, 'Logs', {
    logGroupName: '/test/conversations',
    key,
    managedIdentifiers: ['EmailAddress'],
    dataProtectionPolicyName: 'test-dp',
  });
  const audioBucket = new SensitiveBucket(stack, 'Audio', { key });
  return { key, logGroup, audioBucket };
}

function userBot(stack: Stack, dataPrivacy: unknown, slots: lex.CfnBot.SlotProperty[] = []) {
  const role = new iam.Role(stack, 'MyRole', { assumedBy: new iam.ServicePrincipal('lexv2.amazonaws.com') });
  const bot = new lex.CfnBot(stack, 'MyBot', {
    name: 'mine',
    roleArn: role.roleArn,
    dataPrivacy,
    idleSessionTtlInSeconds: 300,
    botLocales: [{ localeId: 'en_US', nluConfidenceThreshold: 0.4, intents: [{ name: 'Contact', slots }] }],
  });
  const alias = new lex.CfnBotAlias(stack, 'MyAlias', { botId: bot.attrId, botAliasName: 'prod' });
  return { bot, alias, role };
}

describe('LexBotProtection with a bot declared in the stack', () => {
  test('sets conversation logs on the alias and obfuscates sensitive slots only', () => {
    const stack = newStack();
    const { bot, alias, role } = userBot(stack, { ChildDirected: false }, [
      { name: 'email', slotTypeName: 'AMAZON.EmailAddress', valueElicitationSetting: { slotConstraint: 'Required' } },
      {
        name: 'phone',
        slotTypeName: 'AMAZON.PhoneNumber',
        valueElicitationSetting: { slotConstraint: 'Required' },
        obfuscationSetting: { obfuscationSettingType: 'None' },
      },
      { name: 'city', slotTypeName: 'AMAZON.City', valueElicitationSetting: { slotConstraint: 'Optional' } },
    ]);
    new LexBotProtection(stack, 'Protect', {
      ...parts(stack),
      kinds: ['email', 'phone'],
      bot,
      botAlias: alias,
      botRole: role,
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lex::BotAlias', {
      BotAliasName: 'prod',
      ConversationLogSettings: {
        TextLogSettings: [Match.objectLike({ Enabled: true })],
        AudioLogSettings: [Match.objectLike({ Enabled: true })],
      },
    });
    const slots = (Object.values(t.findResources('AWS::Lex::Bot'))[0] as any).Properties.BotLocales[0].Intents[0].Slots;
    expect(slots.map((s: any) => [s.Name, s.ObfuscationSetting?.ObfuscationSettingType])).toEqual([
      ['email', 'DefaultObfuscation'],
      ['phone', 'None'],
      ['city', undefined],
    ]);
    Annotations.fromStack(stack).hasWarning(
      '/test/MyBot',
      Match.stringLikeRegexp(
        'slot "phone" of intent "Contact" \\(en_US\\) holds AMAZON.PhoneNumber \\(phone\\) but sets obfuscation None',
      ),
    );
    t.hasResourceProperties('AWS::IAM::Policy', { Roles: [{ Ref: Match.stringLikeRegexp('^MyRole') }] });
  });

  test("one agent's slot settings never reach another agent's bot in the same stack", () => {
    const stack = newStack();
    const make = (id: string) => {
      const role = new iam.Role(stack, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lexv2.amazonaws.com') });
      const bot = new lex.CfnBot(stack, `${id}Bot`, {
        name: id,
        roleArn: role.roleArn,
        dataPrivacy: { ChildDirected: false },
        idleSessionTtlInSeconds: 300,
        botLocales: [
          {
            localeId: 'en_US',
            nluConfidenceThreshold: 0.4,
            intents: [
              {
                name: 'Pay',
                slots: [
                  {
                    name: 'account',
                    slotTypeName: 'AccountNumber',
                    valueElicitationSetting: { slotConstraint: 'Required' },
                  },
                ],
              },
            ],
          },
        ],
      });
      return {
        bot,
        botAlias: new lex.CfnBotAlias(stack, `${id}Alias`, { botId: bot.attrId, botAliasName: 'prod' }),
        botRole: role,
      };
    };
    const a = make('A');
    const b = make('B');
    const shared = parts(stack);
    new LexBotProtection(stack, 'ProtectA', { ...shared, kinds: ['email'], obfuscateAllSlots: true, ...a });
    new LexBotProtection(stack, 'ProtectB', { ...shared, kinds: ['email'], ...b });
    const bots = Template.fromStack(stack).findResources('AWS::Lex::Bot');
    const setting = (name: string) =>
      (Object.values(bots).find((r: any) => r.Properties.Name === name) as any).Properties.BotLocales[0].Intents[0]
        .Slots[0].ObfuscationSetting;
    expect(setting('A')).toEqual({ ObfuscationSettingType: 'DefaultObfuscation' });
    expect(setting('B')).toBeUndefined();
  });

  test('obfuscateAllSlots covers every slot', () => {
    const stack = newStack();
    const { bot, alias, role } = userBot(stack, { ChildDirected: false }, [
      { name: 'city', slotTypeName: 'AMAZON.City', valueElicitationSetting: { slotConstraint: 'Optional' } },
    ]);
    new LexBotProtection(stack, 'Protect', {
      ...parts(stack),
      kinds: [],
      obfuscateAllSlots: true,
      bot,
      botAlias: alias,
      botRole: role,
    });
    const slots = (Object.values(Template.fromStack(stack).findResources('AWS::Lex::Bot'))[0] as any).Properties
      .BotLocales[0].Intents[0].Slots;
    expect(slots[0].ObfuscationSetting).toEqual({ ObfuscationSettingType: 'DefaultObfuscation' });
  });

  test('the camelCase dataPrivacy trap is refused with the value received', () => {
    const stack = newStack();
    const { bot, alias, role } = userBot(stack, { childDirected: false });
    expect(
      () => new LexBotProtection(stack, 'Protect', { ...parts(stack), kinds: [], bot, botAlias: alias, botRole: role }),
    ).toThrow(
      'test/Protect: the bot\'s dataPrivacy received {"childDirected":false}; AWS::Lex::Bot needs { ChildDirected: … } in PascalCase (the L1 passes the object through verbatim)',
    );
  });

  test('child-directed bots are refused', () => {
    const stack = newStack();
    const { bot, alias, role } = userBot(stack, { ChildDirected: true });
    expect(
      () => new LexBotProtection(stack, 'Protect', { ...parts(stack), kinds: [], bot, botAlias: alias, botRole: role }),
    ).toThrow(
      'test/Protect: the bot is child-directed (COPPA): Lex does not allow conversation logs for it, so convoguard cannot protect it this way',
    );
  });

  test("the user bot's test alias logs to the same protected destinations, replacing its own with a warning", () => {
    const stack = newStack();
    const { bot, alias, role } = userBot(stack, { ChildDirected: false });
    bot.testBotAliasSettings = {
      conversationLogSettings: {
        textLogSettings: [
          {
            enabled: true,
            destination: {
              cloudWatch: {
                cloudWatchLogGroupArn: 'arn:aws:logs:eu-west-2:111122223333:log-group:raw',
                logPrefix: 'x',
              },
            },
          },
        ],
      },
    };
    new LexBotProtection(stack, 'Protect', { ...parts(stack), kinds: ['email'], bot, botAlias: alias, botRole: role });
    const t = Template.fromStack(stack);
    const botProps = (Object.values(t.findResources('AWS::Lex::Bot'))[0] as any).Properties;
    const aliasProps = (Object.values(t.findResources('AWS::Lex::BotAlias'))[0] as any).Properties;
    expect(botProps.TestBotAliasSettings.ConversationLogSettings).toEqual(aliasProps.ConversationLogSettings);
    expect(JSON.stringify(botProps.TestBotAliasSettings)).not.toContain('log-group:raw');
    Annotations.fromStack(stack).hasWarning(
      '/test/MyBot',
      Match.stringLikeRegexp('test alias had its own conversation log settings; convoguard replaced them'),
    );
  });

  test('custom slot types: listed ones are obfuscated, others get a warning naming the slot', () => {
    const stack = newStack();
    const { bot, alias, role } = userBot(stack, { ChildDirected: false }, [
      { name: 'account', slotTypeName: 'AccountNumber', valueElicitationSetting: { slotConstraint: 'Required' } },
      { name: 'plan', slotTypeName: 'PlanName', valueElicitationSetting: { slotConstraint: 'Required' } },
    ]);
    new LexBotProtection(stack, 'Protect', {
      ...parts(stack),
      kinds: ['email'],
      bot,
      botAlias: alias,
      botRole: role,
      sensitiveSlotTypes: ['AccountNumber'],
    });
    const slots = (Object.values(Template.fromStack(stack).findResources('AWS::Lex::Bot'))[0] as any).Properties
      .BotLocales[0].Intents[0].Slots;
    expect(slots.map((s: any) => [s.Name, s.ObfuscationSetting?.ObfuscationSettingType])).toEqual([
      ['account', 'DefaultObfuscation'],
      ['plan', undefined],
    ]);
    Annotations.fromStack(stack).hasWarning(
      '/test/MyBot',
      Match.stringLikeRegexp(
        'slot "plan" of intent "Contact" \\(en_US\\) uses the custom slot type PlanName, which is not obfuscated: if its values are personal data, list it in sensitiveSlotTypes',
      ),
    );
  });

  test('a bot whose locales are a token cannot be protected: an error, never silence', () => {
    const stack = newStack();
    const { bot, alias, role } = userBot(stack, { ChildDirected: false });
    bot.botLocales = Lazy.any({ produce: () => [] });
    new LexBotProtection(stack, 'Protect', { ...parts(stack), kinds: ['email'], bot, botAlias: alias, botRole: role });
    Annotations.fromStack(stack).hasError(
      '/test/MyBot',
      Match.stringLikeRegexp('botLocales is a token, so convoguard cannot see or obfuscate its slots'),
    );
  });

  test('an existing bot needs its alias and role', () => {
    const stack = newStack();
    const { bot } = userBot(stack, { ChildDirected: false });
    expect(() => new LexBotProtection(stack, 'Protect', { ...parts(stack), kinds: [], bot })).toThrow(
      'test/Protect: an existing bot needs botAlias (where conversation logs are set) and botRole (which writes them)',
    );
  });
});

describe('ProtectedLogGroup limits', () => {
  test('more than 10 custom identifiers, groups and bad names are refused together', () => {
    const stack = newStack();
    const key = new SensitiveDataKey(stack, 'Key', { alias: 'alias/t' });
    const custom = Array.from({ length: 11 }, (_, i) => ({ name: `C${i}`, regex: `C${i}-[0-9]+` }));
    custom[0] = { name: 'C0', regex: 'ORD-(A|B)' };
    expect(
      () =>
        new ProtectedLogGroup(stack, 'Logs', {
          logGroupName: '/t',
          key,
          managedIdentifiers: [],
          customIdentifiers: custom,
          dataProtectionPolicyName: 'bad name',
        }),
    ).toThrow(
      'test/Logs: received 11 custom identifiers; CloudWatch Logs allows 10 per data protection policy; custom identifier C0: the regex "ORD-(A|B)" has "(" at position 5, which CloudWatch Logs custom identifiers do not accept (groups are not supported); allowed: letters, digits, _ # = @ / ; , - space and ^ $ ? [ ] { } | \\ * + .; dataProtectionPolicyName received "bad name"; expected letters, digits, _ and - (aws/aws-cdk#33557)',
    );
  });

  test('the key policy lets CloudWatch Logs use the key for this log group only', () => {
    const stack = newStack();
    parts(stack);
    const key = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'))[0] as any;
    const s = key.Properties.KeyPolicy.Statement.find((x: any) => x.Sid === 'CloudWatchLogstestconversations');
    expect(s).toMatchObject({
      Principal: { Service: 'logs.eu-west-2.amazonaws.com' },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    });
    expect(JSON.stringify(s.Condition)).toContain('log-group:/test/conversations"');
  });

  test('retention never exceeds the policy', () => {
    expect(cloudWatchRetentionAtMost(1)).toBe(logs.RetentionDays.ONE_DAY);
    expect(cloudWatchRetentionAtMost(2)).toBe(logs.RetentionDays.ONE_DAY);
    expect(cloudWatchRetentionAtMost(4)).toBe(logs.RetentionDays.THREE_DAYS);
  });
});

describe('SensitiveDataKey', () => {
  test('rotation outside 90-2560 days and wildcard decrypters are refused', () => {
    expect(
      () =>
        new SensitiveDataKey(newStack(), 'Key', {
          alias: 'alias/t',
          rotationPeriod: Duration.days(30),
          decrypters: ['arn:aws:iam::*:role/x'],
        }),
    ).toThrow(
      'test/Key: rotation period received 30 days; expected 90 to 2560; decrypters received "arn:aws:iam::*:role/x"; expected an IAM role or user ARN such as arn:aws:iam::111122223333:role/PrivacyOfficer (no wildcards)',
    );
  });

  test('periods are Durations in whole days; the deprecated day counts still work, but not beside them', () => {
    const stack = newStack();
    new SensitiveDataKey(stack, 'Key', {
      alias: 'alias/t',
      rotationPeriod: Duration.days(180),
      pendingWindow: Duration.days(7),
    });
    new SensitiveDataKey(stack, 'Old', { alias: 'alias/o', rotationDays: 365, pendingWindowDays: 10 });
    const keys = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key')).map((r) => [
      r.Properties.RotationPeriodInDays,
      r.Properties.PendingWindowInDays,
    ]);
    expect(keys).toEqual([
      [180, 7],
      [365, 10],
    ]);
    expect(
      () =>
        new SensitiveDataKey(newStack(), 'Key', {
          alias: 'alias/t',
          rotationPeriod: Duration.hours(36 * 24 + 1),
          pendingWindow: Duration.days(7),
          pendingWindowDays: 7,
        }),
    ).toThrow(
      'test/Key: rotationPeriod received 36 days 1 hour; expected whole days; received both pendingWindow and pendingWindowDays; expected one (pendingWindowDays is deprecated)',
    );
  });
});

describe('SensitiveBucket expiration', () => {
  test('a Duration in whole days, at least one; a fraction or zero is refused with every problem', () => {
    const stack = newStack();
    const key = new SensitiveDataKey(stack, 'Key', { alias: 'alias/b' });
    new SensitiveBucket(stack, 'Audio', { key, expiration: Duration.days(2), accessLogExpiration: Duration.days(3) });
    const rules = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket')).map(
      (r) => r.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays,
    );
    expect(rules.sort()).toEqual([2, 3]);
    expect(
      () =>
        new SensitiveBucket(newStack(), 'Audio', {
          key: new SensitiveDataKey(newStack(), 'K', { alias: 'alias/k' }),
          expiration: Duration.hours(12),
          accessLogExpiration: Duration.days(0),
        }),
    ).toThrow(
      'test/Audio: expiration received 12 hours; expected whole days; accessLogExpiration received 0 days; expected a whole number of days, at least 1',
    );
  });
});

describe('AnonymizedTopics', () => {
  test('topics in a cluster you bring reference its ARN; no cluster is created', () => {
    const stack = newStack();
    const key = new SensitiveDataKey(stack, 'Key', { alias: 'alias/t' });
    const arn = 'arn:aws:kafka:eu-west-2:111122223333:cluster/events/abc';
    new AnonymizedTopics(stack, 'Topics', { key, clusterArn: arn, topics: [{ name: 'anon', retentionMs: 3600000 }] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::MSK::Cluster', 0);
    t.hasResourceProperties('AWS::MSK::Topic', { ClusterArn: arn, TopicName: 'anon' });
  });

  test('Kafka below 3.6 is refused (AWS::MSK::Topic needs it)', () => {
    const stack = newStack();
    const key = new SensitiveDataKey(stack, 'Key', { alias: 'alias/t' });
    expect(
      () =>
        new AnonymizedTopics(stack, 'Topics', {
          key,
          cluster: { clusterName: 'c', subnetIds: ['subnet-1', 'subnet-2'], kafkaVersion: '3.5.1' },
          topics: [],
        }),
    ).toThrow('test/Topics: kafkaVersion received "3.5.1"; AWS::MSK::Topic needs 3.6.0 or later');
  });
});

describe('MacieIdentifiers', () => {
  test('creates one identifier per pattern after the Macie session', () => {
    const stack = newStack();
    new MacieIdentifiers(stack, 'Macie', { patterns: [{ name: 'ORDER_NUMBER', pattern: 'ORD-[0-9]{8}' }] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Macie::CustomDataIdentifier', { Name: 'ORDER_NUMBER', Regex: 'ORD-[0-9]{8}' });
    t.hasResource('AWS::Macie::CustomDataIdentifier', { DependsOn: [Match.stringLikeRegexp('^MacieSession')] });
  });

  test("refuses patterns outside Macie's regex subset", () => {
    expect(
      () => new MacieIdentifiers(newStack(), 'Macie', { patterns: [{ name: 'X', pattern: 'ORD-([0-9]+)' }] }),
    ).toThrow(
      'test/Macie: pattern X ("ORD-([0-9]+)") has a capturing group, which Macie does not support (use (?:...))',
    );
  });
});

describe('Macie from the policy', () => {
  const synth = (extra: string) => {
    const app = new App();
    const policy = parsePolicy(
      `version: 1\nname: acme\ndetection: { kinds: [email], custom: [{ name: ORDER, pattern: 'ORD-[0-9]{8}' }] }\nagents:\n  - { name: bot, platform: lex, region: eu-west-2, macie: true${extra} }\n`,
    ).policy;
    return Template.fromStack(Object.values(addAwsStacks(app, plan(policy)))[0]);
  };
  test('creates the custom identifiers and, unless macieSession is false, the session', () => {
    const withSession = synth('');
    withSession.resourceCountIs('AWS::Macie::Session', 1);
    withSession.hasResourceProperties('AWS::Macie::CustomDataIdentifier', { Name: 'ORDER', Regex: 'ORD-[0-9]{8}' });
    const without = synth(', macieSession: false');
    without.resourceCountIs('AWS::Macie::Session', 0);
    without.resourceCountIs('AWS::Macie::CustomDataIdentifier', 1);
  });
  test('the plan says that nothing is scanned', () => {
    const a = agentPlan(
      plan(
        parsePolicy(
          `version: 1\nname: acme\ndetection: { kinds: [email] }\nagents:\n  - { name: bot, platform: lex, region: eu-west-2, macie: true }\n`,
        ).policy,
      ),
      'bot',
      'lex',
    );
    expect(expectedPosture(a).caveats).toContain(
      'Macie custom data identifiers are created, but convoguard runs no classification job: nothing is scanned until you run one.',
    );
  });
});

describe('AwsAgentProtection is placed where its plan was checked', () => {
  const lexPlan = (account = '') =>
    agentPlan(
      plan(
        parsePolicy(
          `version: 1\nname: acme\ndetection: { kinds: [email] }\nagents:\n  - { name: bot, platform: lex, region: eu-west-2${account}, create: { locale: en_US } }\n`,
        ).policy,
      ),
      'bot',
      'lex',
    );
  test('a stack in another region (or account) is refused with the env to use', () => {
    const stack = new Stack(new App(), 'us', { env: { region: 'us-east-1' } });
    expect(() => new AwsAgentProtection(stack, 'bot', { plan: lexPlan() })).toThrow(
      "us/bot: this stack deploys to region us-east-1 (the plan's agent \"bot\" is in eu-west-2); put the agent's protection in a stack with env { region: 'eu-west-2' }",
    );
    const other = new Stack(new App(), 'acct', { env: { region: 'eu-west-2', account: '999999999999' } });
    expect(() => new AwsAgentProtection(other, 'bot', { plan: lexPlan(', account: "111122223333"') })).toThrow(
      "this stack deploys to account 999999999999 (the plan's is 111122223333)",
    );
  });
  test('an environment-agnostic stack synthesizes with a warning naming the region', () => {
    const stack = new Stack(new App(), 'agnostic');
    new AwsAgentProtection(stack, 'bot', { plan: lexPlan() });
    Annotations.fromStack(stack).hasWarning(
      '/agnostic/bot',
      Match.stringLikeRegexp('environment-agnostic: deploy it to eu-west-2 only'),
    );
  });
});

describe('the installed aws-cdk-lib', () => {
  test('versions whose cdk-nag packs would not run, not fail synth or not take acknowledgements are refused with the reason', () => {
    expect(unsupportedAwsCdkLib('2.257.0')).toMatch(
      /^aws-cdk-lib 2\.257\.0 is installed; convoguard needs 2\.273\.0 or later: .*npm install --save-dev aws-cdk-lib@\^2\.273\.0$/,
    );
    expect(unsupportedAwsCdkLib('2.272.9')).toBeDefined();
    expect(unsupportedAwsCdkLib('2.273.0')).toBeUndefined();
    expect(unsupportedAwsCdkLib('2.300.1')).toBeUndefined();
    expect(compareVersions('2.276.0', '2.273.0')).toBe(1);
    expect(compareVersions('2.9.0', '2.10.0')).toBe(-1);
  });
});

describe('CDK-native inputs: your key, bucket and log group; grants the report can see', () => {
  test('LexBotProtection logs to a kms.IKey, an s3.IBucket and a logs.ILogGroup of yours', () => {
    const stack = newStack();
    const { bot, alias, role } = userBot(stack, { ChildDirected: false });
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const bucket = new s3.Bucket(stack, 'MyBucket', { encryptionKey: key });
    const group = new logs.LogGroup(stack, 'MyLogs', { encryptionKey: key });
    new LexBotProtection(stack, 'Protect', {
      key,
      logGroup: group,
      audioBucket: bucket,
      kinds: ['email'],
      bot,
      botAlias: alias,
      botRole: role,
    });
    const t = Template.fromStack(stack);
    const id = (type: string, prefix: string) => Object.keys(t.findResources(type)).find((k) => k.startsWith(prefix))!;
    t.hasResourceProperties('AWS::Lex::BotAlias', {
      ConversationLogSettings: {
        TextLogSettings: [
          Match.objectLike({
            Destination: {
              CloudWatch: Match.objectLike({
                CloudWatchLogGroupArn: { 'Fn::GetAtt': [id('AWS::Logs::LogGroup', 'MyLogs'), 'Arn'] },
              }),
            },
          }),
        ],
        AudioLogSettings: [
          Match.objectLike({
            Destination: {
              S3Bucket: Match.objectLike({
                S3BucketArn: { 'Fn::GetAtt': [id('AWS::S3::Bucket', 'MyBucket'), 'Arn'] },
                KmsKeyArn: { 'Fn::GetAtt': [id('AWS::KMS::Key', 'MyKey'), 'Arn'] },
              }),
            },
          }),
        ],
      },
    });
  });

  test('an imported key is used, with a warning that its policy must let CloudWatch Logs use it', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(
      stack,
      'Imported',
      'arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    );
    new ProtectedLogGroup(stack, 'Logs', {
      logGroupName: '/test/conversations',
      key,
      managedIdentifiers: ['EmailAddress'],
      dataProtectionPolicyName: 'test-dp',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/test/conversations',
      KmsKeyId: 'arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    });
    Annotations.fromStack(stack).hasWarning(
      '/test/Logs',
      Match.stringLikeRegexp(
        'is not managed here: its key policy must let logs.<region>.amazonaws.com use it for the log group /test/conversations',
      ),
    );
  });

  test('grantDecrypt and grantRead name the role in resource policies and exempt it from the deny; a token ARN is accepted', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    const key = new SensitiveDataKey(stack, 'Key', { alias: 'alias/test', decrypters: [role.roleArn] });
    const bucket = new SensitiveBucket(stack, 'Audio', { key });
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    const grant = bucket.grantRead(reader);
    // An iam.Grant, as the AWS Construct Library returns: both statements are resource policies, none the role's.
    expect(grant.success).toBe(true);
    expect(grant.principalStatements).toEqual([]);
    expect(grant.resourceStatements.map((st) => st.sid)).toEqual([
      'SensitiveObjectReaders',
      'SensitiveDataDecrypterGrant1',
    ]);
    const t = Template.fromStack(stack);
    const roleArn = (prefix: string) => ({
      'Fn::GetAtt': [Object.keys(t.findResources('AWS::IAM::Role')).find((k) => k.startsWith(prefix))!, 'Arn'],
    });
    const statements = (Object.values(t.findResources('AWS::KMS::Key'))[0] as any).Properties.KeyPolicy
      .Statement as any[];
    const deny = statements.find((x) => x.Sid === 'DenyDecryptExceptDecryptersAndServices');
    expect(deny.Condition.ArnNotLike['aws:PrincipalArn']).toEqual(
      expect.arrayContaining([roleArn('Analyst'), roleArn('Reader')]),
    );
    expect(statements.find((x) => x.Sid === 'SensitiveDataDecrypterGrant1')).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: roleArn('Reader') },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'SensitiveObjectReaders',
            Action: 's3:GetObject',
            Principal: { AWS: roleArn('Reader') },
          }),
        ]),
      },
    });
    // No IAM policy grants decryption: the report reads the key policy and names both.
    expect(JSON.stringify(t.findResources('AWS::IAM::Policy'))).not.toContain('kms:Decrypt');
  });

  test('restrictReadsTo: a bucket policy denies object reads to all but the listed principals, and grantRead adds its grantee; [] lets nobody read', () => {
    const stack = newStack();
    const key = new SensitiveDataKey(stack, 'Key', {
      alias: 'alias/test',
      decrypters: ['arn:aws:iam::111122223333:role/PrivacyOfficer'],
    });
    const bucket = new SensitiveBucket(stack, 'Audio', {
      key,
      restrictReadsTo: ['arn:aws:iam::111122223333:role/PrivacyOfficer'],
    });
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    bucket.grantRead(reader);
    const t = Template.fromStack(stack);
    const readerArn = {
      'Fn::GetAtt': [Object.keys(t.findResources('AWS::IAM::Role')).find((k) => k.startsWith('Reader'))!, 'Arn'],
    };
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'OnlyNamedReaders',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['s3:GetObject', 's3:GetObjectVersion'],
            Condition: {
              ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111122223333:role/PrivacyOfficer', readerArn] },
            },
          }),
        ]),
      },
    });
    const none = newStack();
    new SensitiveBucket(none, 'Audio', {
      key: new SensitiveDataKey(none, 'Key', { alias: 'alias/test' }),
      restrictReadsTo: [],
    });
    const deny = (Object.values(Template.fromStack(none).findResources('AWS::S3::BucketPolicy')) as any[])
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .find((x: any) => x.Sid === 'OnlyNamedReaders');
    expect(deny.Condition).toBeUndefined();
  });

  test('tokens are accepted where a string or number is (checked by the service at deploy, not here)', () => {
    const stack = newStack();
    const param = new CfnParameter(stack, 'LogGroupName', { type: 'String' });
    const days = new CfnParameter(stack, 'Days', { type: 'Number' });
    const role = new iam.Role(stack, 'Officer', { assumedBy: new iam.AccountRootPrincipal() });
    const key = new SensitiveDataKey(stack, 'Key', { alias: 'alias/test', decrypters: [role.roleArn] });
    new ProtectedLogGroup(stack, 'Logs', {
      logGroupName: param.valueAsString,
      key,
      managedIdentifiers: ['EmailAddress'],
      dataProtectionPolicyName: 'test-dp',
      retention: days.valueAsNumber,
    });
    new SensitiveBucket(stack, 'Audio', { key, expiration: Duration.days(days.valueAsNumber) });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: { Ref: 'LogGroupName' },
      RetentionInDays: { Ref: 'Days' },
    });
    t.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: { Ref: 'Days' } })]) },
    });
  });

  test('grantDecrypt refuses a principal without an ARN', () => {
    const stack = newStack();
    const key = new SensitiveDataKey(stack, 'Key', { alias: 'alias/test' });
    expect(() => key.grantDecrypt(new iam.ServicePrincipal('lambda.amazonaws.com'))).toThrow(
      'grantDecrypt received a principal without an ARN; expected a role, a user or an ArnPrincipal',
    );
  });
});

describe('RedactionVerification', () => {
  test('with your topic: no topic or key statement is made, the alarm notifies yours; with an imported key, a warning says what its policy needs', () => {
    const stack = newStack();
    const { key } = parts(stack);
    new RedactionVerification(stack, 'Yours', {
      key,
      topicArn: 'arn:aws:sns:eu-west-2:111122223333:privacy',
      alarm: { name: 'mine', logGroupName: '/test/conversations' },
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SNS::Topic', 0);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'mine',
      AlarmActions: ['arn:aws:sns:eu-west-2:111122223333:privacy'],
    });
    expect(JSON.stringify(t.findResources('AWS::KMS::Key'))).not.toContain('cloudwatch.amazonaws.com');

    const other = newStack();
    const imported = kms.Key.fromKeyArn(
      other,
      'Imported',
      'arn:aws:kms:eu-west-2:111122223333:key/11111111-2222-3333-4444-555555555555',
    );
    new RedactionVerification(other, 'V', {
      key: imported,
      topicName: 'alerts',
      alarm: { name: 'a', logGroupName: '/x' },
    });
    Annotations.fromStack(other).hasWarning(
      '/test/V',
      Match.stringLikeRegexp(
        'its key policy must let cloudwatch.amazonaws.com use kms:Decrypt and kms:GenerateDataKey\\*',
      ),
    );
  });

  test('refuses a Macie job without exports and names too long, all at once', () => {
    const stack = newStack();
    const { key } = parts(stack);
    expect(
      () =>
        new RedactionVerification(stack, 'V', {
          key,
          topicName: 't',
          alarm: { name: 'x'.repeat(256), logGroupName: '/x' },
          macieJob: { name: 'j'.repeat(501), frequency: 'daily', exports: [] },
        }),
    ).toThrow(
      /macieJob received no exports; expected at least one bucket[\s\S]*macieJob\.name has 501 characters; Macie allows 1 to 500[\s\S]*alarm\.name has 256 characters; CloudWatch allows 255/,
    );
  });

  test('a Macie job over a whole bucket has no scoping; its client token is stable across synths and changes with the definition', () => {
    const token = (buckets: string[]) => {
      const stack = newStack();
      const { key } = parts(stack);
      new RedactionVerification(stack, 'V', {
        key,
        topicName: 't',
        alarm: { name: 'a', logGroupName: '/x' },
        macieJob: { name: 'j', frequency: 'monthly', exports: buckets.map((bucket) => ({ bucket, path: '' })) },
      });
      const job = Object.values(Template.fromStack(stack).findResources('Custom::MacieClassificationJob'))[0];
      const create = JSON.stringify(job.Properties.Create);
      expect(create).not.toContain('scoping');
      expect(create).toContain('monthlySchedule');
      return /convoguard-[0-9a-f]{32}/.exec(create)![0];
    };
    expect(token(['a-bucket'])).toBe(token(['a-bucket']));
    expect(token(['a-bucket'])).not.toBe(token(['b-bucket']));
  });

  test('a changed custom identifier regex is a new job (a new client token), though the job definition refers to it by id alone', () => {
    const token = (regex: string) => {
      const stack = newStack();
      const { key } = parts(stack);
      new RedactionVerification(stack, 'V', {
        key,
        topicName: 't',
        alarm: { name: 'a', logGroupName: '/x' },
        macieJob: {
          name: 'j',
          frequency: 'daily',
          exports: [{ bucket: 'b', path: '' }],
          customDataIdentifiers: [{ id: 'ident-1', name: 'ORDER', regex }],
        },
      });
      return /convoguard-[0-9a-f]{32}/.exec(
        JSON.stringify(
          Object.values(Template.fromStack(stack).findResources('Custom::MacieClassificationJob'))[0].Properties.Create,
        ),
      )![0];
    };
    expect(token('ORD-[0-9]{8}')).not.toBe(token('ORD-[0-9]{9}'));
  });

  test("one Macie job per bucket: a job's prefixes apply to every bucket it lists", () => {
    const stack = newStack();
    const { key } = parts(stack);
    const v = new RedactionVerification(stack, 'V', {
      key,
      topicName: 't',
      alarm: { name: 'a', logGroupName: '/x' },
      macieJob: {
        name: 'j',
        frequency: 'weekly',
        exports: [
          { bucket: 'one', path: 'bot' },
          { bucket: 'one', path: 'web' },
          { bucket: 'two', path: 'x/y' },
        ],
      },
    });
    expect(v.macieJobs).toHaveLength(2);
    const jobs = Object.values(Template.fromStack(stack).findResources('Custom::MacieClassificationJob')).map((j) =>
      JSON.stringify(j.Properties.Create),
    );
    const scoped = (create: string) => [
      /\\"name\\":\\"([^\\]+)\\"/.exec(create)![1],
      /\\"buckets\\":\[([^\]]*)\]/.exec(create)![1],
      /\\"values\\":\[([^\]]*)\]/.exec(create)![1],
    ];
    expect(jobs.map(scoped)).toEqual([
      ['j-one', '\\"one\\"', '\\"bot/\\",\\"web/\\"'],
      ['j-two', '\\"two\\"', '\\"x/y/\\"'],
    ]);
  });
});

test('isSensitiveDataKey and isSensitiveBucket recognise the constructs by a Symbol.for mark, as a second copy of the library would', () => {
  const stack = newStack();
  const key = new SensitiveDataKey(stack, 'Key', { alias: 'alias/test' });
  const bucket = new SensitiveBucket(stack, 'Audio', { key });
  expect(SensitiveDataKey.isSensitiveDataKey(key)).toBe(true);
  expect(SensitiveBucket.isSensitiveBucket(bucket)).toBe(true);
  expect(SensitiveDataKey.isSensitiveDataKey(bucket)).toBe(false);
  expect(SensitiveDataKey.isSensitiveDataKey(key.key)).toBe(false);
  // A look-alike from another copy carries the same global symbol and nothing else: it is recognised.
  const copy = { [Symbol.for('convoguard.aws.SensitiveDataKey')]: true };
  expect(SensitiveDataKey.isSensitiveDataKey(copy)).toBe(true);
  expect(SensitiveBucket.isSensitiveBucket(null)).toBe(false);
});
