// The engine's surface, where the hosts have always imported it from: the calls live in case/api.ts, the data
// shapes in types.ts.
export type { DecisionHistory, EngineCase, RunHooks, RunRequest } from './case/api';
export type {
  AuditEntry,
  AuditSeal,
  CaseSettings,
  ChainCheck,
  Decision,
  DriftPoint,
  FileInspection,
  InputFile,
  Mapping,
  Progress,
  QuarantineEntry,
  QueryResult,
  Report,
  TimelineRow,
} from './types';
