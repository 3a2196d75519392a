// Public API. Targets are exported by namespace so importing the policy core never loads a cloud library:
//   import { loadPolicy, plan } from 'convoguard';
export * from './policy';
export * as report from './report';
