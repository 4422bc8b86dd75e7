import { actionShapeProblem } from './actionShape';
import { type ActionCatalog, type CatalogAction, catalogLabel } from './catalog';
import { globMatch, hasWildcard, isMatchAll } from './patterns';
import type { StringValue, ValueList } from './policyModel';
import { type CompiledRequirementSet, scenarioLabel } from './requirements';
import type { ScenarioResult } from './scenarioCheck';
import type { Finding, Span } from './types';

/** What hover and completion need besides the document: the catalog and every known requirement set. */
export interface KnowledgeContext {
	catalog: ActionCatalog | undefined;
	requirementSets: readonly CompiledRequirementSet[];
}

/** The part of an analysis hover and completion read (structurally an `Analysis`). */
export interface AnalysisView {
	kind: string;
	model?: { statements: readonly { action?: ValueList }[] };
	findings: readonly Finding[];
	scenarios: readonly ScenarioResult[];
}

/** Markdown for the text at one offset, and the span it describes. */
export interface HoverResult {
	span: Span;
	markdown: string;
}

const LIST_LIMIT = 12;
const WILDCARD_SAMPLE = 8;

function code(s: string): string {
	return '`' + s.replace(/`/g, '') + '`';
}

function listCodes(items: readonly string[], limit = LIST_LIMIT, required?: (i: number) => boolean): string {
	if (items.length === 0) return 'none';
	const shown = items.slice(0, limit).map((s, i) => code(s) + (required?.(i) ? '\\*' : ''));
	return shown.join(', ') + (items.length > limit ? `, and ${items.length - limit} more` : '');
}

function catalogFooter(ctx: KnowledgeContext): string {
	return ctx.catalog ? `_${catalogLabel(ctx.catalog.info)}_` : '_AWS action catalog not loaded_';
}

/** The Action/NotAction string at an offset, with the list it belongs to. */
export function actionValueAt(analysis: AnalysisView, offset: number): { value: StringValue; list: ValueList } | undefined {
	for (const s of analysis.model?.statements ?? []) {
		const list = s.action;
		if (!list) continue;
		for (const value of list.values) if (offset >= value.node.offset && offset < value.node.offset + value.node.length) return { value, list };
	}
	return undefined;
}

/** Scenarios listed by name in a hover; the rest are counted. */
const REQUIRED_BY_LIMIT = 8;

/** Which known scenarios require an exact action, with their notes and this file's status; the file's own scenarios first. */
function requiredBySection(ctx: KnowledgeContext, analysis: AnalysisView, lower: string): string[] {
	const checked: string[] = [];
	const others: string[] = [];
	for (const c of ctx.requirementSets) {
		const i = c.lower.indexOf(lower);
		if (i < 0) continue;
		const mine = analysis.scenarios.find((s) => s.compiled.set.id === c.set.id);
		const status = mine?.actions.find((a) => a.action.toLowerCase() === lower)?.status;
		const note = c.set.actions[i].note;
		const label = scenarioLabel(c.set);
		(mine ? checked : others).push(`- ${mine ? `**${label}** (checked for this file${status ? `: ${status}` : ''})` : label}${note ? ` — ${note}` : ''}`);
	}
	const lines = [...checked, ...others];
	if (lines.length === 0) return [];
	const shown = lines.slice(0, Math.max(REQUIRED_BY_LIMIT, checked.length));
	if (lines.length > shown.length) shown.push(`- and ${lines.length - shown.length} more scenarios`);
	return ['**Required by**', ...shown];
}

function actionMarkdown(ctx: KnowledgeContext, analysis: AnalysisView, written: string, info: CatalogAction | undefined, negated: boolean): string {
	const parts: string[] = [];
	const lower = written.toLowerCase();
	if (info) {
		parts.push(`**${code(info.name)}** · ${info.accessLevel}${negated ? ' · excluded by `NotAction`' : ''}`);
		parts.push(info.description.endsWith('.') ? info.description : `${info.description}.`);
		if (info.name !== written) parts.push(`Written here as ${code(written)}; AWS writes ${code(info.name)} (names are case-insensitive).`);
		parts.push(
			[
				`Resource types: ${info.resourceTypes.length === 0 ? 'none (only `"Resource": "*"`)' : listCodes(info.resourceTypes.map((r) => r.name), LIST_LIMIT, (i) => info.resourceTypes[i].required)}${info.resourceTypes.some((r) => r.required) ? ' (\\* required)' : ''}`,
				`Condition keys: ${listCodes(info.conditionKeys)}`,
				`Dependent actions: ${listCodes(info.dependentActions)}`,
			].join('  \n'),
		);
	} else if (ctx.catalog) {
		const colon = written.indexOf(':');
		const service = colon > 0 ? ctx.catalog.service(written.slice(0, colon)) : undefined;
		const suggestions = ctx.catalog.suggestActions(written);
		parts.push(`**${code(written)}** is not ${service ? `an action of ${service.name}` : 'a known AWS action'} in the catalog: it grants nothing.${suggestions.length > 0 ? ` Did you mean ${suggestions.map(code).join(', ')}?` : ''}`);
	} else {
		parts.push(`**${code(written)}**`);
	}
	parts.push(...[requiredBySection(ctx, analysis, info ? info.name.toLowerCase() : lower).join('\n')].filter(Boolean));
	if (info) parts.push(`[${info.service.name} in the Service Authorization Reference](${info.service.referenceUrl})`);
	parts.push(catalogFooter(ctx));
	return parts.join('\n\n');
}

function wildcardMarkdown(ctx: KnowledgeContext, analysis: AnalysisView, pattern: string, negated: boolean): string {
	const parts: string[] = [];
	const lower = pattern.toLowerCase();
	// A shape AWS rejects (`e*:Describe*`, `*:List*`) grants nothing, as evaluation and its finding say.
	const problem = actionShapeProblem(pattern);
	if (problem) return [`**${code(pattern)}** ${problem}: AWS rejects it, so it ${negated ? 'excludes' : 'grants'} nothing.`, catalogFooter(ctx)].join('\n\n');
	if (ctx.catalog) {
		const matched = ctx.catalog.expand(pattern);
		const services = new Set(matched.map((m) => m.slice(0, m.indexOf(':'))));
		const verb = negated ? 'excludes' : 'grants';
		parts.push(
			`**${code(pattern)}** ${verb} ${matched.length} action${matched.length === 1 ? '' : 's'}${services.size > 1 ? ` in ${services.size} services` : ''}${matched.length > 0 ? `: ${listCodes(matched, WILDCARD_SAMPLE)}` : ' (it matches nothing in the catalog)'}.`,
		);
		if (services.size === 1) {
			const service = ctx.catalog.service([...services][0])!;
			parts.push(`[${service.name} in the Service Authorization Reference](${service.referenceUrl})`);
		}
	} else {
		parts.push(`**${code(pattern)}** (wildcard)`);
	}
	const covered: string[] = [];
	for (const s of analysis.scenarios) {
		const hits = s.compiled.actions.filter((_a, i) => isMatchAll(lower) || globMatch(lower, s.compiled.lower[i]));
		if (hits.length > 0) covered.push(`- ${scenarioLabel(s.compiled.set)}: ${hits.length} of its ${s.compiled.actions.length} required actions — ${listCodes(hits)}`);
	}
	if (analysis.scenarios.length > 0)
		parts.push(covered.length > 0 ? [`**${negated ? 'Excludes' : 'Covers'} required actions of this file's scenarios**`, ...covered].join('\n') : "Covers none of the required actions of this file's scenarios.");
	parts.push(catalogFooter(ctx));
	return parts.join('\n\n');
}

/** "Source: [page title](url), dated …" for scenario findings under the offset. */
function scenarioSources(ctx: KnowledgeContext, analysis: AnalysisView, offset: number): { span?: Span; lines: string[] } {
	const seen = new Set<string>();
	const lines: string[] = [];
	let span: Span | undefined;
	for (const f of analysis.findings) {
		const id = f.data?.scenario;
		if (typeof id !== 'string' || offset < f.span.offset || offset >= f.span.offset + f.span.length || seen.has(id)) continue;
		const set = ctx.requirementSets.find((c) => c.set.id === id)?.set ?? analysis.scenarios.find((s) => s.compiled.set.id === id)?.compiled.set;
		if (!set) continue;
		seen.add(id);
		span ??= f.span;
		const date = set.source.pageDateAsPrinted ?? set.source.pageDate;
		lines.push(`**${scenarioLabel(set)}** — source: [${set.source.title ?? set.title}](${set.source.url})${date ? `, page dated ${date}` : ''}`);
	}
	return { span, lines };
}

/**
 * Hover for an offset: on an action, what the catalog says about it and which scenarios need it;
 * on a wildcard, what it grants and which required actions it covers; on a scenario finding, the
 * source page of the scenario. Undefined when there is nothing to say.
 */
export function getHover(ctx: KnowledgeContext, analysis: AnalysisView, offset: number): HoverResult | undefined {
	if (analysis.kind !== 'policy') return undefined;
	const at = actionValueAt(analysis, offset);
	const sources = scenarioSources(ctx, analysis, offset);
	if (at) {
		const written = at.value.value.trim();
		const negated = at.list.key === 'NotAction';
		const markdown =
			written === '' || (!written.includes(':') && !isMatchAll(written))
				? undefined
				: hasWildcard(written)
					? wildcardMarkdown(ctx, analysis, written, negated)
					: actionMarkdown(ctx, analysis, written, ctx.catalog?.action(written), negated);
		if (markdown) return { span: { offset: at.value.node.offset, length: at.value.node.length }, markdown: [markdown, ...sources.lines].join('\n\n') };
	}
	if (sources.span) return { span: sources.span, markdown: sources.lines.join('\n\n') };
	return undefined;
}
