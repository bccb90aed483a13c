// Text from a file, quoted in a message (a quarantine reason, a refusal), kept to one line: a value that holds a
// line break, a tab or a NUL shows them as \n, \r, \t, \0 instead of breaking the message.

// eslint-disable-next-line no-control-regex -- the NUL is what is looked for
const CONTROL = /[\r\n\t\u0000]/g;
// eslint-disable-next-line no-control-regex -- likewise
const HAS_CONTROL = /[\r\n\t\u0000]/;
const SHOWN: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\t': '\\t', '\u0000': '\\0' };

export function oneLine(text: string): string {
  return HAS_CONTROL.test(text) ? text.replace(CONTROL, (c) => SHOWN[c]) : text;
}
