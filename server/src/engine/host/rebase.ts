import type { Span } from '../types';
import type { HostNode } from './tree';

/**
 * Results of an earlier version of a host file, reused for a newer one. On a keystroke in a big
 * template one role changes; the others are the same documents, only moved by the length of the
 * edit. Their results are copied with every offset moved (`rebase`) instead of being computed
 * again. What decides that a role is "the same" is its `signature`: every node of its documents
 * (type, value, offsets relative to the role's anchor), so a result is only reused when all of it
 * moved by one amount.
 */

/** A signature builder: node trees and spans relative to a base offset, plus any other strings. */
export class Signature {
	private readonly parts: string[] = [];

	constructor(private readonly base: number) {}

	add(...values: (string | number | boolean | undefined)[]): this {
		this.parts.push(values.map((v) => (v === undefined ? '~' : String(v))).join('\u0001'));
		return this;
	}

	span(span: Span | undefined): this {
		return this.add(span ? `${span.offset - this.base}+${span.length}` : undefined);
	}

	node(root: HostNode | undefined): this {
		if (!root) return this.add(undefined);
		const stack: HostNode[] = [root];
		while (stack.length > 0) {
			const n = stack.pop()!;
			this.parts.push(
				`${n.type}\u0002${n.offset - this.base}\u0002${n.length}\u0002${n.colonOffset === undefined ? '' : n.colonOffset - this.base}\u0002${n.value === undefined ? '' : typeof n.value === 'string' ? JSON.stringify(n.value) : String(n.value)}\u0002${n.deployTime ?? ''}\u0002${n.children?.length ?? -1}`,
			);
			const children = n.children;
			if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
		}
		return this;
	}

	toString(): string {
		return this.parts.join('\u0003');
	}
}

/** Keys whose values are shared, never copied: compiled requirement sets, the catalog, the host syntax. */
const SHARED_KEYS = new Set(['compiled', 'catalog', 'host']);
/** Keys that hold offsets in the host file. */
const OFFSET_KEYS = new Set(['offset', 'colonOffset']);
/** Offsets of an HCL block's or collection's brackets (hcl.ts, hclTree.ts), -1 when missing. */
const BRACKET_KEYS = new Set(['open', 'close']);

/**
 * A deep copy of a result with every offset moved by `delta` and the old host text replaced by the
 * new one. Shared objects (one copy per original, parent pointers included) stay shared. Only plain
 * objects, arrays and Maps are copied; anything else (a class instance) is kept as it is.
 */
export function rebase<T>(value: T, delta: number, oldText: string, newText: string, copies = new Map<object, unknown>()): T {
	if (typeof value === 'string') return (value === oldText ? newText : value) as T;
	if (value === null || typeof value !== 'object') return value;
	const known = copies.get(value);
	if (known !== undefined) return known as T;
	if (Array.isArray(value)) {
		const out: unknown[] = new Array(value.length);
		copies.set(value, out);
		for (let i = 0; i < value.length; i++) out[i] = rebase(value[i], delta, oldText, newText, copies);
		return out as T;
	}
	if (value instanceof Map) {
		const out = new Map();
		copies.set(value, out);
		for (const [k, v] of value) out.set(rebase(k, delta, oldText, newText, copies), rebase(v, delta, oldText, newText, copies));
		return out as T;
	}
	const proto = Object.getPrototypeOf(value);
	if (proto !== Object.prototype && proto !== null) return value;
	const source = value as Record<string, unknown>;
	const out: Record<string, unknown> = {};
	copies.set(value, out);
	for (const k in source) {
		const v = source[k];
		if (typeof v === 'number') out[k] = OFFSET_KEYS.has(k) || (BRACKET_KEYS.has(k) && v >= 0) ? v + delta : v;
		else if (typeof v === 'function' || SHARED_KEYS.has(k)) out[k] = v;
		else out[k] = rebase(v, delta, oldText, newText, copies);
	}
	return out as T;
}

/**
 * Marks everything reachable from `value` as its own copy: parts of a result that are not in the
 * host file (an AWS managed policy's analysis, with offsets in its own text) are shared, not moved.
 */
export function pin(value: unknown, copies: Map<object, unknown>): void {
	const stack: unknown[] = [value];
	while (stack.length > 0) {
		const v = stack.pop();
		if (v === null || typeof v !== 'object' || copies.has(v)) continue;
		copies.set(v, v);
		if (Array.isArray(v)) stack.push(...v);
		else if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
		else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)
			for (const k in v as Record<string, unknown>) if (!SHARED_KEYS.has(k)) stack.push((v as Record<string, unknown>)[k]);
	}
}

/**
 * Results by signature. An entry that no run of the last `keep` runs used goes (each entry holds
 * its file's text of the time: stale ones must not pile up while someone types). `move` makes the
 * copy of a stored result for its new place (see `rebase`).
 */
export class ResultCache<T> {
	private readonly entries = new Map<string, { value: T; base: number; text: string; used: number }>();
	private run = 0;

	constructor(
		private readonly move: (value: T, delta: number, oldText: string, newText: string) => T,
		private readonly keep = 4,
	) {}

	/** A copy of the result stored under `key`, moved to `base` in `text`. */
	get(key: string, base: number, text: string): T | undefined {
		const hit = this.entries.get(key);
		if (!hit) return undefined;
		hit.used = this.run;
		return this.move(hit.value, base - hit.base, hit.text, text);
	}

	set(key: string, base: number, text: string, value: T): void {
		this.entries.set(key, { value, base, text, used: this.run });
	}

	/** Ends one run (one file's analysis). */
	endRun(): void {
		for (const [k, e] of this.entries) if (this.run - e.used >= this.keep) this.entries.delete(k);
		this.run++;
	}
}

/**
 * An object like `source` whose `eager` keys are copied now (moved by `rebase`) and whose other
 * keys are read from `later()` when first asked for. Diagnostics read only findings and anchors;
 * the analyses behind them (models, scenario results) are moved only if hover or a fix needs them.
 */
export function lazyCopy<T extends object>(source: T, eager: readonly (keyof T)[], move: <V>(v: V) => V, later: () => T): T {
	const out = {} as T;
	for (const k of Object.keys(source) as (keyof T)[]) {
		if (eager.includes(k)) out[k] = move(source[k]);
		else Object.defineProperty(out, k, { enumerable: true, configurable: true, get: () => later()[k] });
	}
	return out;
}
