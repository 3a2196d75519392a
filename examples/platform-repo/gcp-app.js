// The team's own Dialogflow CX agent and page, with convoguard's protection attached: `node gcp-app.js` (or `npx cdktf synth`).
const { App, GcsBackend, TerraformStack } = require('cdktf');
const { GoogleProvider } = require('@cdktf/provider-google/lib/provider');
const { DialogflowCxAgent } = require('@cdktf/provider-google/lib/dialogflow-cx-agent');
const { DialogflowCxPage } = require('@cdktf/provider-google/lib/dialogflow-cx-page');
const { agentPlan, loadPolicy, plan } = require('convoguard');
const { GcpAgentProtection } = require('convoguard/gcp');

const p = plan(loadPolicy('convoguard.yaml').policy);
const support = agentPlan(p, 'support', 'dialogflow-cx');
const app = new App();
const stack = new TerraformStack(app, 'platform-agents');
new GcsBackend(stack, { bucket: 'platform-terraform-state', prefix: 'platform-agents' });
new GoogleProvider(stack, 'google', { project: support.project, region: support.location });
const agent = new DialogflowCxAgent(stack, 'Agent', {
  location: support.location,
  displayName: 'Support',
  defaultLanguageCode: 'en',
  timeZone: 'Europe/London',
});
new DialogflowCxPage(stack, 'Contact', {
  parent: agent.startFlow,
  displayName: 'contact',
  form: {
    parameters: [
      { displayName: 'email', entityType: 'projects/-/locations/-/agents/-/entityTypes/sys.email', required: true },
    ],
  },
});
new GcpAgentProtection(stack, 'support', { plan: support, agent });
app.synth();
