/**
 * Load test of the example chatbot backend (issue #8): the real server process on loopback,
 * autocannon for 60 s, rotating through 24 realistic messages. First short probes at several
 * connection counts find the highest load whose p99 stays under 50 ms; the 60 s run then holds
 * that load. Reports requests/s, p50/p99 latency, errors and non-2xx replies, and the server's RSS
 * at start (after a warm-up) and at the end.
 *
 *   npm run bench:chatbot-server        (DURATION=60 PROBE=10 to change the run lengths)
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { projectRoot } from './lib/data.js';
import { machine } from './lib/report.js';

const log = (s: string) => process.stderr.write(s + '\n');
const DURATION = Number(process.env.DURATION ?? 60);
const PROBE = Number(process.env.PROBE ?? 10);
const MESSAGES = [
  '안녕하세요', '배송 언제 와요?', '택배가 아직 안 왔어요', '환불은 얼마나 걸려요?', '반품 신청하려면 어떻게 해요', '주문 취소해 주세요',
  '고객센터 몇 시까지 해요?', '주말에도 상담 되나요', '상담원 연결해 주세요', '비밀번호를 잊어버렸어요', '회원 탈퇴는 어떻게 하나요?', '고마워요 덕분에 해결했어요',
  '해외 배송도 되나요?', '적립금 언제 쓸 수 있어요', '무료 배송 기준이 뭐예요?', '현금 영수증 발급되나요', '오늘 날씨 어때', '배송이 너무 늦어서 화가 나요',
  '교환 가능한가요?', '로그인이 안 돼요', '배송지 바꿀 수 있어요?', '정말 친절하시네요 감사합니다', '물건이 파손되어 왔어요 환불해 주세요', 'ㅋㅋㅋ',
];

const rssKiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

const child = spawn(process.execPath, ['--import', 'tsx', 'examples/chatbot-server/server.ts'], { cwd: projectRoot, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
const url = await new Promise<string>((resolve, reject) => {
  const t = setInterval(() => {
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) (clearInterval(t), resolve(m[1]!));
  }, 50);
  child.on('exit', () => reject(new Error(`server exited: ${out}`)));
});
log(out.trim());

const requests = MESSAGES.map((text) => ({ method: 'POST' as const, path: '/message', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) }));
async function load(connections: number, duration: number) {
  const r = await autocannon({ url, connections, duration, requests });
  return {
    connections,
    durationS: duration,
    requests: r.requests.total,
    requestsPerSecond: r.requests.average,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  };
}

// Warm-up (JIT, caches), then the RSS baseline.
await load(4, 5);
const rssStart = rssKiB(child.pid!);
const probes = [];
for (const c of [1, 2, 4, 8, 16]) {
  const p = await load(c, PROBE);
  probes.push(p);
  log(`probe ${c} connections: ${p.requestsPerSecond.toFixed(0)} req/s, p50 ${p.latencyMs.p50} ms, p99 ${p.latencyMs.p99} ms, errors ${p.errors}`);
}
const ok = probes.filter((p) => p.latencyMs.p99 < 50 && p.errors === 0 && p.non2xx === 0);
const chosen = (ok.length ? ok : probes).reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a)).connections;
log(`sustained run: ${chosen} connections for ${DURATION} s …`);
const run = await load(chosen, DURATION);
const rssEnd = rssKiB(child.pid!);
child.kill('SIGTERM');
const exitCode = await new Promise<number | null>((r) => child.on('exit', r));

const result = {
  machine: machine(),
  date: new Date().toISOString().slice(0, 10),
  server: 'examples/chatbot-server (Fastify, one Node process): intent head + FAQ BM25 + sentiment (models/ko-sentiment, ONNX int8) + occlusion explanation per request',
  messages: MESSAGES.length,
  probes,
  sustained: run,
  rssMiB: { start: +(rssStart / 1024).toFixed(1), end: +(rssEnd / 1024).toFixed(1), growthPercent: +((100 * (rssEnd - rssStart)) / rssStart).toFixed(1) },
  shutdownExitCode: exitCode,
};
const dir = path.join(projectRoot, 'benchmarks/results');
writeFileSync(path.join(dir, 'chatbot-server.json'), JSON.stringify(result, null, 2) + '\n');
writeFileSync(
  path.join(dir, 'chatbot-server.md'),
  [
    '# Example chatbot backend under load (`npm run bench:chatbot-server`)',
    '',
    `Machine: ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}; autocannon on loopback (same machine, so it shares the 2 cores with the server). ${MESSAGES.length} messages in rotation; every request runs intent + calibrated confidence, FAQ search, sentiment (ONNX) and an occlusion explanation.`,
    '',
    '| connections | run | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | non-2xx |',
    '|---|---|---|---|---|---|---|---|---|',
    ...[...probes.map((p) => ({ ...p, kind: `probe ${p.durationS} s` })), { ...run, kind: `**sustained ${run.durationS} s**` }].map(
      (p) => `| ${p.connections} | ${p.kind} | ${p.requestsPerSecond.toFixed(0)} | ${p.latencyMs.p50} | ${p.latencyMs.p90} | ${p.latencyMs.p99} | ${p.latencyMs.max} | ${p.errors + p.timeouts} | ${p.non2xx} |`,
    ),
    '',
    `Sustained: ${run.requests} requests in ${run.durationS} s at ${run.connections} connections, **${run.requestsPerSecond.toFixed(0)} req/s, p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms, ${run.errors + run.timeouts} errors**. RSS ${result.rssMiB.start} MiB after warm-up → ${result.rssMiB.end} MiB at the end (${result.rssMiB.growthPercent}%). SIGTERM exit code ${exitCode}.`,
    '',
  ].join('\n'),
);
log(JSON.stringify(result.sustained));
log(`RSS ${JSON.stringify(result.rssMiB)}; wrote benchmarks/results/chatbot-server.{json,md}`);
