// The command line of formats.md §4 (filled in by the engine issue).
console.error('reconcile: not implemented yet');
process.exit(2);
