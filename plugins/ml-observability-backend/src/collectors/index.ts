export { DefaultFleetCollector } from './DefaultFleetCollector';
