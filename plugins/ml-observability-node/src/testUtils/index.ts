/**
 * Test helpers of the ML Observability packages: the example runbooks of the
 * repository as fixtures.
 *
 * @packageDocumentation
 */
export { exampleRunbookYaml } from './exampleRunbooks';
