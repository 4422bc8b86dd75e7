import { scenarioLabel, type ScenarioResult } from '../../engine';
import type { RoleReport } from '../roles';
import { FileReport, fileScenarios, lineColumn } from './model';

function verdict(s: ScenarioResult): string {
	const parts: string[] = [];
	if (s.actions.length > 0) parts.push(`${s.granted}/${s.actions.length} actions granted`);
	if (s.trust.length > 0) parts.push(`trust ${s.trust.filter((t) => t.status === 'granted').length}/${s.trust.length}`);
	return `${s.satisfied ? 'ok  ' : 'FAIL'} ${scenarioLabel(s.compiled.set)}: ${parts.join(', ') || 'nothing to check'}${s.inferred ? ' (inferred)' : ''}`;
}

/** Human-readable report: per file, each scenario's verdict, then findings as line:column. */
export function toTextReport(reports: readonly FileReport[], roles: readonly RoleReport[] = []): string {
	const out: string[] = [];
	for (const role of roles) {
		out.push(`role ${role.analysis.name} (${role.file}): ${role.paths.join(', ')}`);
		for (const s of role.analysis.scenarios) {
			const trust = s.trust.length > 0 ? `, trust ${s.trust.filter((t) => t.status === 'granted').length}/${s.trust.length}` : '';
			out.push(`  ${s.satisfied ? 'ok  ' : 'FAIL'} ${scenarioLabel(s.compiled.set)}: ${s.granted}/${s.actions.length} actions granted by the role${trust}`);
		}
		out.push('');
	}
	const all = [...roles.flatMap((x) => x.reports), ...reports];
	for (const r of all) {
		out.push(r.path);
		if (r.fixed) out.push(`  fixed: ${r.fixed.join('; ')}`);
		if (r.analysis.kind === 'not-policy' && r.analysis.findings.length === 0) {
			out.push('  no IAM policy found: nothing to check');
		}
		for (const role of r.analysis.roles ?? []) {
			const where = lineColumn(r, role.anchor.offset);
			out.push(`  role ${role.name} (line ${where.line}): ${[...role.policies, ...(role.trust ? [role.trust] : [])].join(', ') || 'no policy in this file'}${role.unresolved.length > 0 ? `; not read: ${role.unresolved.join(', ')}` : ''}`);
			for (const s of role.scenarios) out.push(`    ${verdict(s)}`);
			if (role.scenarios.length === 0) out.push('    no scenario chosen or inferred');
		}
		for (const p of (r.analysis.policies ?? []).filter((x) => x.role === undefined)) {
			out.push(`  policy ${p.name} (line ${lineColumn(r, p.anchor.offset).line})`);
			for (const s of p.analysis.scenarios) out.push(`    ${verdict(s)}`);
		}
		for (const s of r.analysis.scenarios) {
			const label = scenarioLabel(s.compiled.set);
			const parts: string[] = [];
			if (s.actions.length > 0) parts.push(`${s.granted}/${s.actions.length} actions granted`);
			if (s.trust.length > 0) parts.push(`trust ${s.trust.filter((t) => t.status === 'granted').length}/${s.trust.length}`);
			if (s.actions.length === 0 && s.trust.length === 0) parts.push('nothing to check in this kind of policy');
			out.push(`  ${s.satisfied ? 'ok  ' : 'FAIL'} ${label}: ${parts.join(', ')}${s.inferred ? ' (inferred)' : ''}`);
		}
		const width = Math.max(0, ...r.analysis.findings.map((f) => { const p = lineColumn(r, f.span.offset); return `${p.line}:${p.column}`.length; }));
		for (const f of r.analysis.findings) {
			const p = lineColumn(r, f.span.offset);
			out.push(`  ${`${p.line}:${p.column}`.padEnd(width)}  ${f.severity.padEnd(11)} ${f.message}  [${f.code}]`);
		}
		if (r.analysis.kind === 'policy' && r.analysis.findings.length === 0 && r.analysis.scenarios.length === 0) out.push('  no problems found');
		out.push('');
	}
	const files = all.length;
	const failed = all.filter((r) => fileScenarios(r.analysis).some((s) => !s.satisfied)).length + roles.filter((r) => r.analysis.scenarios.some((s) => !s.satisfied)).length;
	const counts = { error: 0, warning: 0, information: 0, hint: 0 };
	for (const r of all) for (const f of r.analysis.findings) counts[f.severity]++;
	out.push(`${count(files, 'file')} checked, ${failed} with unsatisfied scenarios; ${count(counts.error, 'error')}, ${count(counts.warning, 'warning')}, ${count(counts.information + counts.hint, 'note')}`);
	return out.join('\n') + '\n';
}

/** "1 error", "2 errors". */
function count(n: number, noun: string): string {
	return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
