// Import profiles: the public API the import pipeline, the command line and the app's editor call (README.md).
export { PROFILE_FORMAT } from './types';
export type {
  ApplySummary, ColumnRef, Condition, DateOptions, FieldSpec, FileProblem, Marker, MoneyOptions, ProfileDef, RawRow, RowOutcome, ValueTest,
} from './types';
export { ProfileError, validateProfile } from './validate';
export { compileProfile, bindProfile, type CompiledProfile } from './compile';
export { ProfileRun, applyProfile, BLANK_REASON, TITLE_REASON, type RowSource, type RunOptions } from './run';
export { detectProfile, referenceProfile, type Candidate, type Detection } from './detect';
export { previewProfile, type Preview, type PreviewRow } from './preview';
export { EXTENSION_COLUMNS, referenceColumns, fieldKind } from './reference';
export { PRESETS, PRESET_FILES, UNSUPPORTED_LAYOUTS, presetById } from '../presets';
