export { ConstructPropsError } from '../construct-error';
