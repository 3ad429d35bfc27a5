import { readFileSync } from 'node:fs';

/**
 * Where a V8 CPU profile (node --cpu-prof, e.g. `npm run bench -- --cpu-prof`) spends its time:
 * self time by package or part of the repository, and the hottest functions.
 *
 *   node dist/bench/bench/profile-summary.js bench/profiles/api-list-....cpuprofile [top]
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  byArea: { area: string; ms: number; share: number }[];
  byFunction: { name: string; area: string; ms: number; share: number }[];
  /** Time with the function anywhere on the stack (its synchronous part only, for async code). */
  inclusive: { name: string; area: string; ms: number; share: number }[];
}

export function summarizeProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const busy = [...selfUs.entries()].filter(([id]) => {
    const name = nodes.get(id)!.callFrame.functionName;
    return name !== '(idle)' && name !== '(program)';
  });
  const totalUs = busy.reduce((sum, [, us]) => sum + us, 0);
  const frameName = (frame: ProfileNode['callFrame']) =>
    `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, { area: string; us: number }>();
  for (const [id, us] of busy) {
    const frame = nodes.get(id)!.callFrame;
    const area = areaOf(frame.url, frame.functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const name = frameName(frame);
    const entry = byFunction.get(name) ?? { area, us: 0 };
    entry.us += us;
    byFunction.set(name, entry);
  }
  const parents = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node.id);
  const inclusive = new Map<string, { area: string; us: number }>();
  profile.samples.forEach((sampleId, i) => {
    const frame = nodes.get(sampleId)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') return;
    const seen = new Set<string>();
    for (let id: number | undefined = sampleId; id !== undefined; id = parents.get(id)) {
      const callFrame = nodes.get(id)!.callFrame;
      if (!callFrame.url) continue;
      const name = frameName(callFrame);
      if (seen.has(name)) continue;
      seen.add(name);
      const entry = inclusive.get(name) ?? {
        area: areaOf(callFrame.url, callFrame.functionName),
        us: 0,
      };
      entry.us += profile.timeDeltas[i] ?? 0;
      inclusive.set(name, entry);
    }
  });
  const share = (us: number) => Math.round((us / totalUs) * 1000) / 10;
  return {
    totalMs: Math.round(totalUs / 1000),
    byArea: [...byArea.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([area, us]) => ({ area, ms: Math.round(us / 1000), share: share(us) })),
    byFunction: [...byFunction.entries()]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([name, { area, us }]) => ({ name, area, ms: Math.round(us / 1000), share: share(us) })),
    inclusive: [...inclusive.entries()]
      .filter(([, { area }]) => !area.startsWith('node:'))
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([name, { area, us }]) => ({ name, area, ms: Math.round(us / 1000), share: share(us) })),
  };
}

function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  if (url.includes('/libs/telephony-domain/')) return 'libs/telephony-domain';
  const app = /\/dist\/apps\/api\/([^/]+)/.exec(url);
  if (app) return `apps/api/${app[1]}`;
  return url;
}

function shortUrl(url: string): string {
  return url
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/dist\//, 'dist/')
    .replace(/^file:\/\//, '');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node dist/bench/bench/profile-summary.js FILE.cpuprofile [top]');
    process.exit(2);
  }
  const summary = summarizeProfile(
    JSON.parse(readFileSync(file, 'utf8')) as CpuProfile,
    Number(top ?? 25),
  );
  console.log(`Busy CPU time: ${summary.totalMs} ms\n\nBy package / area (self time):`);
  for (const row of summary.byArea.slice(0, 25)) {
    console.log(
      `  ${String(row.share).padStart(5)}%  ${String(row.ms).padStart(7)} ms  ${row.area}`,
    );
  }
  console.log('\nHottest functions (self time):');
  for (const row of summary.byFunction) {
    console.log(
      `  ${String(row.share).padStart(5)}%  ${String(row.ms).padStart(7)} ms  ${row.name}`,
    );
  }
  console.log('\nInclusive time (synchronous part; Node internals left out):');
  for (const row of summary.inclusive) {
    console.log(
      `  ${String(row.share).padStart(5)}%  ${String(row.ms).padStart(7)} ms  ${row.name}`,
    );
  }
}
