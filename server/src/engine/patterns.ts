import { isWellFormedAction } from './actionShape';

/**
 * IAM wildcard patterns: `*` matches any run of characters (also none), `?` exactly one.
 * Actions compare case-insensitively, resource ARNs case-sensitively:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 *
 * Matching walks the strings with two indices and one backtrack point (linear for patterns with
 * one `*`, never exponential), so no RegExp is built per pattern or per check.
 */

export function hasWildcard(pattern: string): boolean {
	return pattern.includes('*') || pattern.includes('?');
}

/** True when the pattern is only stars, i.e. matches everything. */
export function isMatchAll(pattern: string): boolean {
	if (pattern.length === 0) return false;
	for (let i = 0; i < pattern.length; i++) if (pattern.charCodeAt(i) !== 42) return false;
	return true;
}

/** Glob match of a literal `text` against `pattern` (both already case-folded when needed). */
export function globMatch(pattern: string, text: string): boolean {
	let p = 0;
	let t = 0;
	let starP = -1;
	let starT = 0;
	while (t < text.length) {
		const pc = pattern.charCodeAt(p);
		if (p < pattern.length && (pc === 63 /* ? */ || pc === text.charCodeAt(t))) {
			p++;
			t++;
		} else if (p < pattern.length && pc === 42 /* * */) {
			starP = p++;
			starT = t;
		} else if (starP >= 0) {
			p = starP + 1;
			t = ++starT;
		} else {
			return false;
		}
	}
	while (p < pattern.length && pattern.charCodeAt(p) === 42) p++;
	return p === pattern.length;
}

/** Pattern pairs beyond this many cells are not compared exactly (no ARN is that long). */
const MAX_CELLS = 1_000_000;

/**
 * Quick rejection before the table: the characters before the first wildcard of either pattern
 * (and after the last one) must agree, as in "arn:aws:s3:::…" against "arn:aws:dynamodb:…".
 */
function endsAgree(a: string, b: string): boolean {
	const n = Math.min(a.length, b.length);
	for (let i = 0; i < n; i++) {
		const x = a[i];
		const y = b[i];
		if (x === '*' || y === '*') break;
		if (x !== y && x !== '?' && y !== '?') return false;
	}
	for (let i = 1; i <= n; i++) {
		const x = a[a.length - i];
		const y = b[b.length - i];
		if (x === '*' || y === '*') break;
		if (x !== y && x !== '?' && y !== '?') return false;
	}
	return true;
}

/**
 * Does `outer` match every string `inner` matches? `inner` may contain wildcards; only a `*` in
 * `outer` can stand for a `*` in `inner`, and only `*` or `?` for a `?`. Sound (never claims
 * coverage that does not hold) and exact for the patterns policies use. Bottom-up with two rows,
 * so a 20,000-character string cannot overflow the stack.
 */
export function globCovers(outer: string, inner: string): boolean {
	if (isMatchAll(outer)) return true;
	if (!hasWildcard(inner)) return globMatch(outer, inner);
	// A literal cannot stand for a wildcard, and differing ends rule coverage out.
	if (!hasWildcard(outer) || !endsAgree(outer, inner)) return false;
	const m = outer.length;
	const n = inner.length;
	if ((m + 1) * (n + 1) > MAX_CELLS) return false;
	// row[i]: does outer[o..] cover inner[i..]? `next` holds the row for o + 1.
	let next = new Uint8Array(n + 1);
	let row = new Uint8Array(n + 1);
	next[n] = 1;
	for (let o = m - 1; o >= 0; o--) {
		const oc = outer[o];
		for (let i = n; i >= 0; i--) {
			let r: boolean;
			if (oc === '*') r = next[i] === 1 || (i < n && row[i + 1] === 1);
			else if (i === n || inner[i] === '*') r = false;
			else if (oc === '?') r = next[i + 1] === 1;
			else r = inner[i] !== '?' && oc === inner[i] && next[i + 1] === 1;
			row[i] = r ? 1 : 0;
		}
		[next, row] = [row, next];
	}
	return next[0] === 1;
}

/** Is there at least one string that both patterns match? Bottom-up, like {@link globCovers}. */
export function globIntersects(a: string, b: string): boolean {
	if (isMatchAll(a) || isMatchAll(b)) return true;
	if (!hasWildcard(a)) return globMatch(b, a);
	if (!hasWildcard(b)) return globMatch(a, b);
	if (!endsAgree(a, b)) return false;
	const m = a.length;
	const n = b.length;
	// Too long to compare exactly: say they may meet (the cautious answer for a Deny or a grant).
	if ((m + 1) * (n + 1) > MAX_CELLS) return true;
	let next = new Uint8Array(n + 1); // row i + 1
	let row = new Uint8Array(n + 1); // row i
	for (let i = m; i >= 0; i--) {
		for (let j = n; j >= 0; j--) {
			let r: boolean;
			if (i === m && j === n) r = true;
			else if (i < m && a[i] === '*') r = next[j] === 1 || (j < n && row[j + 1] === 1);
			else if (j < n && b[j] === '*') r = row[j + 1] === 1 || (i < m && next[j] === 1);
			else if (i === m || j === n) r = false;
			else r = (a[i] === '?' || b[j] === '?' || a[i] === b[j]) && next[j + 1] === 1;
			row[j] = r ? 1 : 0;
		}
		[next, row] = [row, next];
	}
	return next[0] === 1;
}

/**
 * A set of action patterns compiled for repeated lookups: exact names in a Set, wildcard patterns
 * bucketed by service prefix so `ec2:Describe*` is never tried against `kms:Decrypt`.
 */
export class ActionMatcher {
	private readonly exact = new Set<string>();
	private readonly byService = new Map<string, string[]>();
	private readonly anyService: string[] = [];

	/** Patterns as written; malformed ones (actionShape.ts) match nothing, as AWS rejects them. */
	constructor(patterns: Iterable<string>) {
		for (const raw of patterns) {
			if (!isWellFormedAction(raw)) continue;
			const pattern = raw.toLowerCase();
			if (!hasWildcard(pattern)) {
				this.exact.add(pattern);
				continue;
			}
			const colon = pattern.indexOf(':');
			const service = colon < 0 ? '' : pattern.slice(0, colon);
			if (colon < 0 || hasWildcard(service)) {
				this.anyService.push(pattern);
			} else {
				const list = this.byService.get(service);
				if (list) list.push(pattern);
				else this.byService.set(service, [pattern]);
			}
		}
	}

	/** `action` must be lower case (canonical names are folded once by the caller). */
	matches(action: string): boolean {
		if (this.exact.has(action)) return true;
		const colon = action.indexOf(':');
		const list = colon < 0 ? undefined : this.byService.get(action.slice(0, colon));
		if (list) for (const p of list) if (globMatch(p, action)) return true;
		for (const p of this.anyService) if (globMatch(p, action)) return true;
		return false;
	}
}
