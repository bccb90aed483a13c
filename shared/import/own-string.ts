// Strings kept from a parsed file, made independent of the chunk of text they were cut from.

/**
 * `s` as a string of its own. V8 makes a substring of 13 or more characters a view into the string it was cut
 * from, so a card number or a transaction id kept from a parsed chunk would keep its whole chunk of text alive: at a
 * million events, the entire input again. A JSON round trip is a portable way to get a flat copy (about 0.15 µs).
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** What no cell holds: sameAsBefore's "no row before". */
const NOTHING = Symbol('nothing before');

/**
 * `f` for a column whose value often repeats on the next row: its answer for the previous row's value is reused
 * when the value is the same, which is cheaper than `f` (a copy, a map look-up, a date parsed) on every row.
 */
export function sameAsBefore<T, R>(f: (value: T) => R): (value: T) => R {
  let lastValue: T | typeof NOTHING = NOTHING;
  let lastAnswer!: R;
  return (value) => {
    if (value !== lastValue) {
      lastValue = value;
      lastAnswer = f(value);
    }
    return lastAnswer;
  };
}

/**
 * ownString for a column whose value often repeats on the next row (an ERP journal's lines share its number and,
 * usually, its memo): the copy of the previous row's value is reused when the text is the same.
 */
export function ownStringRuns(): (s: string) => string {
  return sameAsBefore(ownString);
}

/**
 * `f` for a column whose few values alternate from row to row (a platform's transaction types, a status): the
 * answers for the last `size` different values are kept and found by comparing texts, which is cheaper than
 * `f` (a lower-casing, a copy, a map look-up that hashes the cell's text) on every row. The values kept are
 * copies of their own, so that no chunk of the file stays alive through them.
 */
export function recentlySeen<R>(f: (value: string) => R, size = 8): (value: string) => R {
  const values: string[] = [];
  const answers: R[] = [];
  let oldest = 0;
  return (value) => {
    for (let i = 0; i < values.length; i++) if (values[i] === value) return answers[i];
    const answer = f(value);
    if (values.length < size) {
      values.push(ownString(value));
      answers.push(answer);
    } else {
      values[oldest] = ownString(value);
      answers[oldest] = answer;
      oldest = (oldest + 1) % size;
    }
    return answer;
  };
}

/**
 * The interned last four characters of `text` (a card number, or a last four as read), for a file's rows: four
 * digits are found in a table of the 10,000 there can be, so that a million rows make no string and hash none
 * to find the shared copy; anything else goes to `intern`.
 */
export function lastFourInterner(intern: (s: string) => string): (text: string) => string {
  const table: (string | undefined)[] = new Array<string | undefined>(10_000);
  return (text) => {
    const at = text.length - 4;
    let n = at < 0 ? -1 : 0;
    for (let i = at; n >= 0 && i < text.length; i++) {
      const d = text.charCodeAt(i) - 48;
      n = d >= 0 && d <= 9 ? n * 10 + d : -1;
    }
    if (n < 0) return intern(text.slice(-4));
    return (table[n] ??= intern(text.slice(-4)));
  };
}
