// Where the hosts have always found the engine's entry points: the pipeline lives in case/pipeline.ts.
export { examineFile, inspectFile, openCase, previewFile, runCase } from './case/pipeline';
export { validateSettings } from './settings';
export { proposePeriod } from './import/period';
export { compareSeal } from './store/audit-chain';
export { unsealedReportJson } from './report/report-json';
