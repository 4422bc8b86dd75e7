import { getLocation } from 'jsonc-parser';
import { nestsTooDeep } from './parse';
import type { AnalysisView, KnowledgeContext } from './hover';
import { policyViewAt } from './host/analyzeHost';
import type { Analysis } from './index';
import { scenarioLabel } from './requirements';
import type { HostNode } from './host/tree';
import type { Span } from './types';

/** One completion proposal, LSP-shaped but free of LSP types. */
export interface CompletionEntry {
	label: string;
	kind: 'service' | 'action' | 'wildcard';
	/** Access level of an action, title of a service, "required by …", or the size of a wildcard. */
	detail?: string;
	/** Markdown. */
	documentation?: string;
	/** Ranks the file's missing required actions first, then services/actions, then wildcards. */
	sortText: string;
	/** Replaces `CompletionResult.span`. With `snippet`, `$0` marks where the cursor goes. */
	insertText: string;
	snippet: boolean;
	/** Ask the editor for completions again after inserting (a service prefix, to list its actions). */
	retrigger: boolean;
	/** Marks a required action of the file's scenarios that the policy does not grant yet. */
	required?: boolean;
}

export interface CompletionResult {
	/** The text the chosen entry replaces (the string's content, or an empty span for a new element). */
	span: Span;
	/** The action text typed so far (before the cursor), for clients that filter themselves. */
	prefix: string;
	items: CompletionEntry[];
}

const ACTION_KEYS = new Set(['Action', 'NotAction']);

/** Is the JSON path one of an Action/NotAction value (`Statement[i].Action[j]` or `Statement.Action`)? */
function inActionValue(path: (string | number)[]): boolean {
	if (path[0] !== 'Statement') return false;
	let i = 1;
	if (typeof path[i] === 'number') i++;
	if (typeof path[i] !== 'string' || !ACTION_KEYS.has(path[i] as string)) return false;
	i++;
	if (typeof path[i] === 'number') i++;
	return i === path.length;
}

function pad(n: number): string {
	return String(n).padStart(5, '0');
}

/**
 * Completion of action names inside `Action`/`NotAction` values, in a string being typed or as a
 * new array element: service prefixes until a colon is typed, then the service's actions with
 * their access level and wildcard suggestions. The file's still-missing scenario actions come
 * first, marked "required by …". Undefined when the offset is not in an action value.
 */
export function getCompletions(ctx: KnowledgeContext, analysis: AnalysisView | undefined, text: string, offset: number): CompletionResult | undefined {
	// A template (Terraform, CloudFormation): the place is found in the policy model, whatever the syntax.
	if (analysis?.kind === 'template') {
		const view = policyViewAt(analysis as Analysis, offset);
		const place = view.model ? actionListPlace(view as Analysis, text, offset) : undefined;
		return place ? proposals(ctx, view, offset, place.span, place.prefix, place.quoted) : undefined;
	}
	// getLocation recurses like the parser: a text too deep for one is too deep for the other.
	if (analysis?.kind === 'too-deep' || nestsTooDeep(text.slice(0, offset))) return undefined;
	const location = getLocation(text, offset);
	if (location.isAtPropertyKey || !inActionValue(location.path)) return undefined;
	const node = location.previousNode;
	let span: Span;
	let prefix: string;
	let quoted: boolean;
	if (node && node.type === 'string') {
		const end = node.offset + node.length;
		const closed = node.length >= 2 && text[end - 1] === '"' && text[end - 2] !== '\\';
		const inside = offset > node.offset && (closed ? offset < end : offset <= end);
		if (!inside) return undefined;
		span = { offset: node.offset + 1, length: (closed ? end - 1 : Math.max(offset, end)) - node.offset - 1 };
		prefix = text.slice(node.offset + 1, offset);
		quoted = true;
	} else if (!node) {
		span = { offset, length: 0 };
		prefix = '';
		quoted = false;
	} else {
		return undefined;
	}
	return proposals(ctx, analysis, offset, span, prefix, quoted);
}

/**
 * Where in a template's action list the cursor is: inside a string item (its content is replaced),
 * on a YAML plain scalar or an empty YAML item (`- ` being typed: the name goes in as it is), or
 * between the items of a list (a new quoted item is inserted). Undefined elsewhere.
 * `quoted` says the proposal goes in as written (inside quotes, or as a YAML plain scalar).
 */
function actionListPlace(view: Analysis, text: string, offset: number): { span: Span; prefix: string; quoted: boolean } | undefined {
	const yaml = view.syntax === 'yaml';
	for (const s of view.model?.statements ?? []) {
		const list = s.action?.valueNode;
		if (!s.action || !list) continue;
		// A YAML scalar or block sequence ends with its last character: the cursor right after it is still in it.
		// (An empty last item, `- ` being typed, ends after the sequence's own range.)
		const end = Math.max(list.offset + list.length, ...(yaml ? (list.children ?? []).map((c) => c.offset + c.length) : []));
		if (offset < list.offset || offset > end || (!yaml && (offset === list.offset || offset === end))) continue;
		for (const v of s.action.values) {
			const quote = text[v.node.offset];
			const itemEnd = v.node.offset + v.node.length;
			if (quote === '"' || quote === "'") {
				if (offset > v.node.offset && offset < itemEnd) return { span: { offset: v.node.offset + 1, length: itemEnd - 1 - v.node.offset - 1 }, prefix: text.slice(v.node.offset + 1, offset), quoted: true };
			} else if (yaml && offset >= v.node.offset && offset <= itemEnd) {
				return { span: { offset: v.node.offset, length: v.node.length }, prefix: text.slice(v.node.offset, offset), quoted: true };
			}
		}
		if (yaml) {
			const place = yamlItemPlace(list, text, offset);
			if (place) return place;
		}
		const inItem = (list.children ?? []).some((c) => offset > c.offset && offset < c.offset + c.length);
		if (list.type === 'array' && !inItem && offset > list.offset && offset < end) return { span: { offset, length: 0 }, prefix: '', quoted: false };
	}
	return undefined;
}

/**
 * A YAML item being typed that is not (yet) a string: an empty item (`- `, read as null), or a
 * service prefix with its colon (`- s3:`, which YAML reads as a mapping `{s3: null}` until the
 * action name follows).
 */
function yamlItemPlace(list: HostNode, text: string, offset: number): { span: Span; prefix: string; quoted: boolean } | undefined {
	for (const item of list.type === 'array' ? (list.children ?? []) : [list]) {
		if (item.type === 'null' && offset >= item.offset && offset <= item.offset + item.length) return { span: { offset, length: 0 }, prefix: '', quoted: true };
		const key = item.type === 'object' && item.children?.length === 1 ? item.children[0].children?.[0] : undefined;
		const value = item.type === 'object' ? item.children?.[0].children?.[1] : undefined;
		if (key && (!value || value.type === 'null') && offset === key.offset + key.length + 1 && text[key.offset + key.length] === ':')
			return { span: { offset: key.offset, length: offset - key.offset }, prefix: text.slice(key.offset, offset), quoted: true };
	}
	return undefined;
}

/** The entries for a place in an action list (a string's content, or a new item). */
function proposals(ctx: KnowledgeContext, analysis: AnalysisView | undefined, offset: number, span: Span, prefix: string, quoted: boolean): CompletionResult {
	const wrap = (s: string) => (quoted ? s : JSON.stringify(s));

	// Entries already in this list (other than the one being typed) are not proposed again.
	const present = new Set<string>();
	for (const s of analysis?.model?.statements ?? [])
		if (s.action && offset >= s.action.valueNode.offset && offset <= s.action.valueNode.offset + s.action.valueNode.length)
			for (const v of s.action.values) if (!(offset > v.node.offset && offset <= v.node.offset + v.node.length)) present.add(v.value.trim().toLowerCase());

	const items: CompletionEntry[] = [];
	const proposed = new Set<string>();
	// 1. Required actions this file's scenarios still miss, in the scenario's order.
	const requiredBy = new Map<string, { name: string; labels: string[]; notes: string[] }>();
	for (const s of analysis?.scenarios ?? [])
		for (const a of s.actions) {
			if (a.status !== 'missing') continue;
			const key = a.action.toLowerCase();
			let entry = requiredBy.get(key);
			if (!entry) requiredBy.set(key, (entry = { name: a.action, labels: [], notes: [] }));
			entry.labels.push(scenarioLabel(s.compiled.set));
			const note = s.compiled.set.actions.find((r) => r.action.toLowerCase() === key)?.note;
			if (note) entry.notes.push(note);
		}
	let rank = 0;
	for (const [key, r] of requiredBy) {
		if (present.has(key)) continue;
		proposed.add(key);
		const level = ctx.catalog?.accessLevel(r.name);
		items.push({
			label: r.name,
			kind: 'action',
			detail: `required by ${r.labels.join(', ')}`,
			documentation: [`**Missing**: required by ${r.labels.join(', ')}${level ? ` · ${level}` : ''}`, ...r.notes].join('\n\n'),
			sortText: `0${pad(rank++)}`,
			insertText: wrap(r.name),
			snippet: false,
			retrigger: false,
			required: true,
		});
	}

	const catalog = ctx.catalog;
	if (!catalog) return { span, prefix, items };
	const colon = prefix.indexOf(':');
	const service = colon > 0 ? catalog.service(prefix.slice(0, colon)) : undefined;
	if (colon < 0) {
		// 2a. Service prefixes; choosing one asks for its actions straight away.
		for (const s of catalog.allServices())
			items.push({
				label: s.prefix,
				kind: 'service',
				detail: s.name,
				documentation: `${s.actionCount} actions · [Service Authorization Reference](${s.referenceUrl})`,
				sortText: `1${s.prefix}`,
				insertText: quoted ? `${s.prefix}:` : `"${s.prefix}:$0"`,
				snippet: !quoted,
				retrigger: true,
			});
	} else if (service) {
		// 2b. Every action of the typed service, with its access level.
		for (const name of catalog.actionsOf(service.prefix)) {
			const key = name.toLowerCase();
			if (proposed.has(key) || present.has(key)) continue;
			items.push({ label: name, kind: 'action', detail: catalog.accessLevel(name), sortText: `2${key}`, insertText: wrap(name), snippet: false, retrigger: false });
		}
		// 3. Wildcards of the service: `svc:*` and one per leading verb.
		for (const g of catalog.wildcardGroups(service.prefix)) {
			if (present.has(g.pattern.toLowerCase())) continue;
			items.push({ label: g.pattern, kind: 'wildcard', detail: `${g.count} actions`, sortText: `3${g.pattern.toLowerCase()}`, insertText: wrap(g.pattern), snippet: false, retrigger: false });
		}
	}
	return { span, prefix, items };
}
