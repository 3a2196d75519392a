export * from './ces-resources';
export * from './ces-stack';
export * from './cx-agent-studio-protection';
