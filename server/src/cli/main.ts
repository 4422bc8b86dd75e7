import * as fs from 'fs';
import * as path from 'path';
import { type Analysis, type AnalyzeOptions, type Checker, createChecker, fixAll, type HostSyntax, type HostSyntaxId, LineIndex, parseRequirementSetFile, type RequirementSet } from '../engine';
import { catalogLabel } from '../engine';
import { catalogInfo, loadActionCatalog } from '../node/catalogFile';
import { loadManagedPolicies } from '../node/managedPoliciesFile';
import { loadHostSupport } from '../node/hostSupport';
import { builtinRequirementSets } from '../scenarios';
import { moduleReports, moduleText } from './module';
import { checkRole, RoleReport } from './roles';
import { toJsonReport } from './report/json';
import { FileReport, hasFailures, makeFileReport } from './report/model';
import { toSarifReport } from './report/sarif';
import { toTextReport } from './report/text';

/** Set by the bundler from package.json; "dev" when run from compiled sources. */
declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

/** Files larger than this are refused with a message rather than read (no policy is anywhere near). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
	stdout(text: string): void;
	stderr(text: string): void;
}

const USAGE = `Usage: iam-restore-lint check [--scenario ID]... [--only NAME]... [--requirement-set FILE]... [--format text|json|sarif] [--no-auto-detect] [--fix] PATH...
       iam-restore-lint check --role ROLE.json [--role ROLE.json]... [--format text|json|sarif] [PATH...]
       iam-restore-lint scenarios          list the scenario ids
       iam-restore-lint --version | --help

Checks AWS IAM policies against the permissions backup products need to restore: policy JSON
files, the wrappers the AWS CLI prints, CloudFormation/SAM templates in JSON or YAML and
Terraform files (in folders: the .json, .yaml, .yml, .template and .tf files). Without
--scenario, each policy (in a template: each role) is checked against the scenarios its content
points to, or the ones its annotation names. --only NAME checks only the named roles and
policies of templates (a CloudFormation logical id, a Terraform address). --role checks the
policy files a role file names as one role (with its trust policy): an action is granted when any
of them allows it and none denies it. --requirement-set adds your own scenarios (the format of
the iamRestoreLint.requirementSets setting, schemas/requirement-set.schema.json). --fix applies
the safe fixes (the editor's "fix all") to the files and reports what changed; the report then
describes the fixed files.
When scenarios are asked for (--scenario, --role), a file without a policy, or a folder in which
no policy is found, is a failure (no-policy), never a pass.
Exit status: 0 all satisfied, 1 findings, 2 usage error or unreadable input.`;

interface CheckArgs {
	scenarios: string[];
	format: 'text' | 'json' | 'sarif';
	autoDetect: boolean;
	fix: boolean;
	roles: string[];
	requirementSets: string[];
	/** `--only NAME`: the roles and policies of templates to check (CloudFormation logical ids, Terraform addresses). */
	only: string[];
	paths: string[];
}

class UsageError extends Error {}

function parseCheckArgs(args: string[]): CheckArgs {
	const result: CheckArgs = { scenarios: [], format: 'text', autoDetect: true, fix: false, roles: [], requirementSets: [], only: [], paths: [] };
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const value = (): string => {
			const v = inline ?? args[++i];
			if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
			return v;
		};
		if (flag === '--scenario' || flag === '-s') result.scenarios.push(...value().split(',').map((s) => s.trim()).filter(Boolean));
		else if (flag === '--format' || flag === '-f') {
			const f = value();
			if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format "${f}" (use text, json or sarif)`);
			result.format = f;
		} else if (flag === '--no-auto-detect') result.autoDetect = false;
		else if (flag === '--fix') result.fix = true;
		else if (flag === '--role') result.roles.push(value());
		else if (flag === '--requirement-set') result.requirementSets.push(value());
		else if (flag === '--only') result.only.push(value());
		else if (flag === '--') result.paths.push(...args.slice(i + 1)), (i = args.length);
		else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag}`);
		else result.paths.push(arg);
	}
	if (result.paths.length === 0 && result.roles.length === 0) throw new UsageError('no PATH given');
	return result;
}

/** The syntax of a file by its extension: JSON policies and templates, CloudFormation YAML, Terraform. */
export function syntaxOf(file: string): HostSyntaxId | undefined {
	const lower = file.toLowerCase();
	if (lower.endsWith('.json') || lower.endsWith('.template')) return 'json';
	if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
	if (lower.endsWith('.tf') || lower.endsWith('.hcl')) return 'hcl';
	return undefined;
}

/** The files under a folder that can hold policies (.json, .yaml/.yml, .tf), sorted, skipping dependency and VCS folders. */
function listJsonFiles(folder: string): string[] {
	const out: string[] = [];
	const walk = (dir: string): void => {
		const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const e of entries) {
			const full = path.join(dir, e.name);
			if (e.isDirectory()) {
				if (!SKIPPED_FOLDERS.has(e.name)) walk(full);
			} else if (e.isFile() && syntaxOf(e.name) !== undefined) {
				out.push(full);
			}
		}
	};
	walk(folder);
	return out;
}

/** Reads a file as UTF-8 text, or explains in one line why it cannot be checked. */
function readText(file: string): { text: string; bom: boolean } | { error: string } {
	try {
		const size = fs.statSync(file).size;
		if (size > MAX_FILE_BYTES) return { error: `too large to be a policy (${size} bytes)` };
		const bytes = fs.readFileSync(file);
		if (bytes.includes(0)) return { error: 'not a text file (binary data)' };
		const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
		return { text: new TextDecoder('utf-8').decode(bytes), bom };
	} catch (e) {
		const err = e as NodeJS.ErrnoException;
		return { error: err.code === 'ENOENT' ? 'no such file or folder' : err.code === 'EACCES' ? 'permission denied' : err.message };
	}
}

/**
 * The user's requirement sets (--requirement-set), validated as the editor validates the setting's
 * files (same engine code, same messages). Undefined after reporting a problem (exit 2).
 */
function loadUserSets(files: readonly string[], io: CliIo): RequirementSet[] | undefined {
	const builtinIds = new Set(builtinRequirementSets.map((s) => s.id));
	const sets: RequirementSet[] = [];
	const from = new Map<string, string>();
	let ok = true;
	for (const file of files) {
		const read = readText(file);
		if ('error' in read) {
			io.stderr(`iam-restore-lint: requirement set ${file}: ${read.error}\n`);
			ok = false;
			continue;
		}
		const parsed = parseRequirementSetFile(read.text, builtinIds);
		const lines = new LineIndex(read.text);
		for (const p of parsed.problems) {
			const at = lines.position(p.offset);
			io.stderr(`iam-restore-lint: ${file}:${at.line + 1}:${at.character + 1}: ${p.message}\n`);
			ok = false;
		}
		if (!parsed.set) continue;
		const earlier = from.get(parsed.set.id);
		if (earlier) {
			io.stderr(`iam-restore-lint: ${file}: scenario id "${parsed.set.id}" is already defined by ${earlier}; choose another id.\n`);
			ok = false;
			continue;
		}
		from.set(parsed.set.id, file);
		sets.push(parsed.set);
	}
	return ok ? sets : undefined;
}

function runCheck(args: CheckArgs, io: CliIo): number {
	const userSets = loadUserSets(args.requirementSets, io);
	if (!userSets) return EXIT_USAGE;
	const warn = (m: string) => io.stderr(`iam-restore-lint: ${m}
`);
	const managedPolicy = (arn: string) => {
		const found = loadManagedPolicies(warn)?.get(arn);
		return found && { name: found.name, text: JSON.stringify(found.document) };
	};
	const checker = createChecker([...builtinRequirementSets, ...userSets], { catalog: () => loadActionCatalog(warn), managedPolicy, syntaxes: hostSyntaxes });
	const unknown = args.scenarios.filter((id) => !checker.getRequirementSet(id));
	if (unknown.length > 0) {
		io.stderr(`iam-restore-lint: unknown scenario ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${checker.requirementSets.map((s) => s.id).join(', ')}\n`);
		return EXIT_USAGE;
	}
	const reports: FileReport[] = [];
	let unreadable = false;
	// Failing closed: a folder in which no policy is found, while scenarios were asked for, fails.
	const requested = args.scenarios.length > 0 || args.roles.length > 0;
	let emptyFolder = false;
	for (const given of args.paths) {
		let isFolder = false;
		try {
			isFolder = fs.statSync(given).isDirectory();
		} catch {
			// reported by readText below
		}
		const files = isFolder ? listJsonFiles(given) : [given];
		const before = reports.length;
		// Terraform modules (a folder's .tf files) are analysed as one; --fix edits file by file.
		const inModules = isFolder && !args.fix ? checkModules(checker, files, { scenarios: args.scenarios, autoDetect: args.autoDetect, only: args.only }, reports) : new Set<string>();
		for (const file of files) {
			if (inModules.has(file)) continue;
			const read = readText(file);
			if ('error' in read) {
				// Inside a folder, files that are not text are simply not policies.
				if (isFolder && read.error.startsWith('not a text file')) continue;
				io.stderr(`iam-restore-lint: ${file}: ${read.error}\n`);
				unreadable = true;
				continue;
			}
			const options = { scenarios: args.scenarios, autoDetect: args.autoDetect, syntax: syntaxOf(file) ?? 'json', only: args.only };
			let text = read.text;
			let fixed: string[] | undefined;
			let analysis: Analysis | undefined;
			if (args.fix) {
				const result = fixAll(checker, text, options);
				analysis = result.analysis;
				if (result.edit) {
					try {
						fs.writeFileSync(file, (read.bom ? '\ufeff' : '') + result.text);
						text = result.text;
						fixed = result.applied;
					} catch (e) {
						io.stderr(`iam-restore-lint: ${file}: cannot write the fixes: ${(e as Error).message}\n`);
						unreadable = true;
					}
				}
			}
			// fix-all's last round analysed the text it leaves (unless writing failed); else analyse it now.
			if (analysis?.text !== text) analysis = checker.analyze(text, options);
			// In a folder, files that are not policies are simply other JSON (package.json, data).
			if (isFolder && analysis.kind === 'not-policy') continue;
			reports.push({ ...makeFileReport(file, analysis), fixed });
		}
		if (isFolder && requested && reports.length === before) {
			io.stderr(`iam-restore-lint: ${given}: no IAM policy found in ${files.length} .json file${files.length === 1 ? '' : 's'}, but scenarios were asked for: nothing was checked, so this fails.\n`);
			emptyFolder = true;
		}
	}
	const roles: RoleReport[] = [];
	for (const file of args.roles) {
		const role = checkRole(checker, file, readText);
		if (typeof role === 'string') {
			io.stderr(`iam-restore-lint: role ${file}: ${role}\n`);
			unreadable = true;
		} else roles.push(role);
	}
	const everything = [...roles.flatMap((r) => r.reports), ...reports];
	if (args.format === 'json') io.stdout(JSON.stringify(toJsonReport(reports, roles), null, 2) + '\n');
	else if (args.format === 'sarif') io.stdout(JSON.stringify(toSarifReport(everything, VERSION), null, 2) + '\n');
	else io.stdout(toTextReport(reports, roles));
	if (unreadable) return EXIT_USAGE;
	return emptyFolder || hasFailures(everything) || roles.some((r) => r.analysis.scenarios.some((s) => !s.satisfied)) ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * Each folder's `.tf` files as one Terraform module, with the folder's JSON files that its
 * policies read (`file()`, `templatefile()`): reports pushed per file. Returns the files reported
 * (the others are checked one by one, as before); a module in which no policy is found is left to
 * the file-by-file check too.
 */
function checkModules(checker: Checker, files: readonly string[], options: AnalyzeOptions, reports: FileReport[]): Set<string> {
	const done = new Set<string>();
	const folders = new Map<string, string[]>();
	for (const f of files) folders.set(path.dirname(f), [...(folders.get(path.dirname(f)) ?? []), f]);
	for (const inFolder of folders.values()) {
		const readable = (f: string) => {
			const read = readText(f);
			return 'error' in read ? [] : [{ file: f, text: read.text }];
		};
		const tf = inFolder.filter((f) => syntaxOf(f) === 'hcl').flatMap(readable);
		if (tf.length === 0) continue;
		const others = inFolder.filter((f) => syntaxOf(f) === 'json').flatMap(readable);
		const module = moduleText(tf, others);
		const analysis = checker.analyze(module.text, { ...options, syntax: 'hcl', module: module.layout });
		if (analysis.kind !== 'template') continue;
		const { reports: moduleFiles, read } = moduleReports(analysis, module);
		reports.push(...moduleFiles);
		for (const f of tf) done.add(f.file);
		for (const f of read) done.add(f);
	}
	return done;
}

function listScenarios(io: CliIo): number {
	const width = Math.max(...builtinRequirementSets.map((s) => s.id.length));
	for (const s of builtinRequirementSets) {
		io.stdout(`${s.id.padEnd(width)} ${String(s.actions.length).padStart(3)} actions  ${s.title} (${s.productVersion})\n`);
	}
	return EXIT_OK;
}

/** The catalog line of --version: which AWS data the unknown-action checks use, and how fresh it is. */
function versionDetails(): string {
	const info = catalogInfo();
	return info ? `${catalogLabel(info)}: ${info.actionCount} actions in ${info.serviceCount} services\n` : 'AWS action catalog: not found\n';
}

/** Host syntaxes loaded before the run (Terraform's parser needs its wasm, which loads asynchronously). */
let hostSyntaxes: HostSyntax[] = [];

/**
 * Loads what a `check` run needs asynchronously (tree-sitter's wasm for .tf files), once; runCli
 * then runs synchronously. Without it, .tf files are read as holding nothing.
 */
export async function prepareCli(argv: string[], io: CliIo): Promise<void> {
	if (argv[0] !== 'check') return;
	const { syntaxes } = await loadHostSupport((m) => io.stderr(`iam-restore-lint: ${m}\n`));
	hostSyntaxes = [...(syntaxes ?? [])];
}

/** Runs the CLI on argv (without node and script) and returns the exit status. Never throws. */
export function runCli(argv: string[], io: CliIo): number {
	try {
		const [command, ...rest] = argv;
		if (command === '--version' || command === '-v') return io.stdout(`iam-restore-lint ${VERSION}\n${versionDetails()}`), EXIT_OK;
		if (command === undefined || command === '--help' || command === '-h' || command === 'help') return io.stdout(USAGE + '\n'), command === undefined ? EXIT_USAGE : EXIT_OK;
		if (command === 'scenarios') return listScenarios(io);
		if (command === 'check') return runCheck(parseCheckArgs(rest), io);
		throw new UsageError(`unknown command "${command}"`);
	} catch (e) {
		if (e instanceof UsageError) {
			io.stderr(`iam-restore-lint: ${e.message}\n${USAGE}\n`);
			return EXIT_USAGE;
		}
		io.stderr(`iam-restore-lint: internal error: ${(e as Error)?.message ?? String(e)}\n`);
		return EXIT_USAGE;
	}
}

if (require.main === module) {
	// `iam-restore-lint check … | head`: the reader may stop early. End quietly, as Unix tools do,
	// with the status already decided, instead of an EPIPE stack trace.
	process.stdout.on('error', (e: NodeJS.ErrnoException) => {
		if (e.code !== 'EPIPE') throw e;
		process.exit(process.exitCode ?? EXIT_OK);
	});
	const io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
	const argv = process.argv.slice(2);
	void prepareCli(argv, io).then(
		() => {
			process.exitCode = runCli(argv, io);
		},
		(e: unknown) => {
			io.stderr(`iam-restore-lint: internal error: ${(e as Error)?.message ?? String(e)}\n`);
			process.exitCode = EXIT_USAGE;
		},
	);
}
