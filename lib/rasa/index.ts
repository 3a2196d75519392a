export * from './emit';
export * from './merge';
