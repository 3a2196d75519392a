// The team's own Lex bot, with convoguard's protection attached: `node aws-app.js` (or `npx cdk synth --app "node aws-app.js"`).
const { App, Stack } = require('aws-cdk-lib');
const iam = require('aws-cdk-lib/aws-iam');
const lex = require('aws-cdk-lib/aws-lex');
const { agentPlan, loadPolicy, plan } = require('convoguard');
const { AwsAgentProtection } = require('convoguard/aws');

const app = new App();
const billing = agentPlan(plan(loadPolicy('convoguard.yaml').policy), 'billing', 'lex');
const stack = new Stack(app, 'PlatformBots', { env: { region: billing.region } });
const role = new iam.Role(stack, 'BotRole', { assumedBy: new iam.ServicePrincipal('lexv2.amazonaws.com') });
const prompt = (value) => ({ maxRetries: 2, messageGroupsList: [{ message: { plainTextMessage: { value } } }] });
const bot = new lex.CfnBot(stack, 'Bot', {
  name: 'billing',
  roleArn: role.roleArn,
  dataPrivacy: { ChildDirected: false },
  idleSessionTtlInSeconds: 300,
  botLocales: [
    {
      localeId: 'en_GB',
      nluConfidenceThreshold: 0.4,
      slotTypes: [
        {
          name: 'AccountNumber',
          valueSelectionSetting: { resolutionStrategy: 'ORIGINAL_VALUE' },
          slotTypeValues: [{ sampleValue: { value: '12345678' } }],
        },
      ],
      intents: [
        {
          name: 'PayBill',
          sampleUtterances: [{ utterance: 'pay my bill' }],
          slots: [
            {
              name: 'email',
              slotTypeName: 'AMAZON.EmailAddress',
              valueElicitationSetting: { slotConstraint: 'Required', promptSpecification: prompt('Your email?') },
            },
            {
              name: 'account',
              slotTypeName: 'AccountNumber',
              valueElicitationSetting: {
                slotConstraint: 'Required',
                promptSpecification: prompt('Your account number?'),
              },
            },
          ],
          slotPriorities: [
            { priority: 1, slotName: 'email' },
            { priority: 2, slotName: 'account' },
          ],
        },
        { name: 'FallbackIntent', parentIntentSignature: 'AMAZON.FallbackIntent' },
      ],
    },
  ],
});
const alias = new lex.CfnBotAlias(stack, 'Alias', { botId: bot.attrId, botAliasName: 'live' });
new AwsAgentProtection(stack, 'billing', { plan: billing, bot, botAlias: alias, botRole: role });
app.synth();
