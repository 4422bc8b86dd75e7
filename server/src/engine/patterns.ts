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

/**
 * Does `outer` match every string `inner` matches? `inner` may contain wildcards; only a `*` in
 * `outer` can stand for a `*` in `inner`, and only `*` or `?` for a `?`. Sound (never claims
 * coverage that does not hold) and exact for the patterns policies use.
 */
export function globCovers(outer: string, inner: string): boolean {
	if (isMatchAll(outer)) return true;
	if (!hasWildcard(inner)) return globMatch(outer, inner);
	const memo = new Map<number, boolean>();
	const width = inner.length + 1;
	const walk = (o: number, i: number): boolean => {
		const key = o * width + i;
		const known = memo.get(key);
		if (known !== undefined) return known;
		let result: boolean;
		if (o === outer.length) {
			result = i === inner.length;
		} else if (outer[o] === '*') {
			// The star absorbs nothing, or one more element of inner (a literal, `?` or a whole `*`).
			result = walk(o + 1, i) || (i < inner.length && walk(o, i + 1));
		} else if (i === inner.length) {
			result = false;
		} else if (inner[i] === '*') {
			result = false;
		} else if (outer[o] === '?') {
			result = walk(o + 1, i + 1);
		} else {
			result = inner[i] !== '?' && outer[o] === inner[i] && walk(o + 1, i + 1);
		}
		memo.set(key, result);
		return result;
	};
	return walk(0, 0);
}

/** Is there at least one string that both patterns match? */
export function globIntersects(a: string, b: string): boolean {
	if (isMatchAll(a) || isMatchAll(b)) return true;
	if (!hasWildcard(a)) return globMatch(b, a);
	if (!hasWildcard(b)) return globMatch(a, b);
	const memo = new Map<number, boolean>();
	const width = b.length + 1;
	const walk = (i: number, j: number): boolean => {
		const key = i * width + j;
		const known = memo.get(key);
		if (known !== undefined) return known;
		let result: boolean;
		if (i === a.length && j === b.length) {
			result = true;
		} else if (i < a.length && a[i] === '*') {
			result = walk(i + 1, j) || (j < b.length && walk(i, j + 1));
		} else if (j < b.length && b[j] === '*') {
			result = walk(i, j + 1) || (i < a.length && walk(i + 1, j));
		} else if (i === a.length || j === b.length) {
			result = false;
		} else {
			result = (a[i] === '?' || b[j] === '?' || a[i] === b[j]) && walk(i + 1, j + 1);
		}
		memo.set(key, result);
		return result;
	};
	return walk(0, 0);
}

/**
 * A set of action patterns compiled for repeated lookups: exact names in a Set, wildcard patterns
 * bucketed by service prefix so `ec2:Describe*` is never tried against `kms:Decrypt`.
 */
export class ActionMatcher {
	private readonly exact = new Set<string>();
	private readonly byService = new Map<string, string[]>();
	private readonly anyService: string[] = [];

	constructor(patterns: Iterable<string>) {
		for (const raw of patterns) {
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
