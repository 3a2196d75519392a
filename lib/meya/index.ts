export * from './emit';
