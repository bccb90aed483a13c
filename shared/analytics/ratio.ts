// Exact fractions for the close analytics. Rates (development factors, ultimate redemption, breakage) are kept
// as bigint numerator / denominator so that no float ever decides a cent: a figure in cents is the exact value
// rounded half-to-even once, and the same on every platform.

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

export class Ratio {
  static readonly ZERO = new Ratio(0n, 1n);
  static readonly ONE = new Ratio(1n, 1n);

  /** Always reduced, with a positive denominator. */
  private constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}

  static of(n: bigint | number, d: bigint | number = 1n): Ratio {
    const nn = BigInt(n);
    let dd = BigInt(d);
    if (dd === 0n) throw new RangeError('Ratio with a zero denominator');
    let num = nn;
    if (dd < 0n) [num, dd] = [-num, -dd];
    const g = gcd(num, dd);
    return g > 1n ? new Ratio(num / g, dd / g) : new Ratio(num, dd);
  }

  /**
   * A decimal written as text (`0.02`, `1`, `-1.5`, `2e-3`), or a number by its shortest decimal form (which
   * ECMAScript fixes, so 0.1 reads as exactly 1/10). Null when the text is not a plain decimal.
   */
  static parse(value: string | number): Ratio | null {
    const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
    const m = DECIMAL.exec(text);
    if (!m) return null;
    const [, sign, whole, frac = '', exp = '0'] = m;
    const e = Number(exp) - frac.length;
    if (!Number.isSafeInteger(e) || Math.abs(e) > 400) return null;
    let n = BigInt(whole + frac);
    if (sign === '-') n = -n;
    return e >= 0 ? Ratio.of(n * 10n ** BigInt(e)) : Ratio.of(n, 10n ** BigInt(-e));
  }

  add(o: Ratio): Ratio {
    return Ratio.of(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o: Ratio): Ratio {
    return Ratio.of(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  mul(o: Ratio): Ratio {
    return Ratio.of(this.n * o.n, this.d * o.d);
  }
  div(o: Ratio): Ratio {
    if (o.n === 0n) throw new RangeError('Ratio divided by zero');
    return Ratio.of(this.n * o.d, this.d * o.n);
  }
  cmp(o: Ratio): number {
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  sign(): number {
    return this.n < 0n ? -1 : this.n > 0n ? 1 : 0;
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  static min(a: Ratio, b: Ratio): Ratio {
    return a.cmp(b) <= 0 ? a : b;
  }
  static max(a: Ratio, b: Ratio): Ratio {
    return a.cmp(b) >= 0 ? a : b;
  }

  /** The nearest integer, a half going to the even neighbour (symmetric for negatives). */
  roundHalfEven(): bigint {
    const q = this.n / this.d; // truncates toward zero
    const r = this.n % this.d; // the sign of n
    const twice = 2n * (r < 0n ? -r : r);
    if (twice < this.d) return q;
    const away = this.n < 0n ? q - 1n : q + 1n;
    if (twice > this.d) return away;
    return q % 2n === 0n ? q : away;
  }

  /** Rounded half-even to whole cents, as a number; throws if it cannot be an exact JavaScript integer. */
  toCents(): number {
    const c = this.roundHalfEven();
    const n = Number(c);
    if (!Number.isSafeInteger(n)) throw new RangeError(`${c} cents is beyond exact integer range`);
    return n;
  }

  /** Decimal text with `places` decimals, rounded half-even: for showing rates (`0.123457`). */
  toFixed(places: number): string {
    const scale = 10n ** BigInt(places);
    const v = Ratio.of(this.n * scale, this.d).roundHalfEven();
    const neg = v < 0n;
    const digits = (neg ? -v : v).toString().padStart(places + 1, '0');
    const whole = digits.slice(0, digits.length - places);
    const frac = digits.slice(digits.length - places);
    return `${neg ? '-' : ''}${whole}${places > 0 ? `.${frac}` : ''}`;
  }

  toString(): string {
    return this.d === 1n ? this.n.toString() : `${this.n}/${this.d}`;
  }
}

/** Multiplies cents by a rate and rounds half-even once: the one way a rate becomes money here. */
export function centsTimes(cents: number | bigint, rate: Ratio): number {
  return Ratio.of(BigInt(cents)).mul(rate).toCents();
}
