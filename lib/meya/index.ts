export { emitMeya, type MeyaEmission, type MeyaIntegration } from './emit';
