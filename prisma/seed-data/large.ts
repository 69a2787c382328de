/**
 * Deterministic generators for the scale dataset (`npm run seed:large`): 1,000 modules, 10,000 versions,
 * 200 templates and 5,000 instances. Pure and isomorphic: no I/O, no clock, no Math.random; every row is a
 * function of (seed, kind, index), so any batch can be regenerated on its own and two runs produce identical
 * rows. All names start with `scale-` and never collide with the demo modules in ./demo.ts.
 *
 * The data is internally consistent so benchmarks exercise the real code paths rather than error paths:
 * at most one live version per module; `requires` only point at modules that have a live version; templates
 * contain the transitive closure of their modules' requirements and config parents; pins are blessed versions;
 * exclusive capabilities are unique per module; ~8% of reporting instances drift.
 */
import type { Arch, CategorySlug, InstanceStatus, JsonObject, PromotionState, Variety, Visibility } from './demo';

export const LARGE_PREFIX = 'scale-';
export const LARGE_COUNTS = { modules: 1000, versions: 10000, templates: 200, instances: 5000 } as const;
export const LARGE_DEFAULT_SEED = 20261125;

export interface LargeOptions {
  /** PRNG seed; the same seed always yields the same rows */
  seed?: number;
  /** rows per yielded batch (default 500) */
  batchSize?: number;
  /** account slug used as the owner in `requires` references (default 'powernode') */
  owner?: string;
}

export interface LargeModuleRow {
  name: string;
  displayName: string;
  description: string;
  categorySlug: CategorySlug;
  variety: Variety;
  parentModule: string | null;
  priority: number;
  visibility: Visibility;
  repositoryUrl: string;
  cosignIdentityRegexp: string;
  cosignIssuerRegexp: string;
  /** the module's draft manifest (schema_version 1) */
  manifestYaml: string;
  registeredHoursAgo: number;
}

export interface LargeVersionRow {
  moduleName: string;
  version: string;
  promotionState: PromotionState;
  previouslyLive: boolean;
  ociRef: string;
  ociDigest: string;
  composefsDigest: string;
  /** absolute paths, sorted, 20-50 per version */
  fileList: string[];
  packageList: string[];
  signerIdentity: string;
  signerIssuer: string;
  builtHoursAgo: number;
  stagingHoursAgo: number | null;
  blessedHoursAgo: number | null;
  liveHoursAgo: number | null;
  retiredHoursAgo: number | null;
  retiredReason: string | null;
}

export interface LargeAssignmentRow {
  moduleName: string;
  enabled: boolean;
  pinnedVersion: string | null;
  effectivePriorityOverride: number | null;
  metadata: JsonObject;
}

export interface LargeTemplateRow {
  name: string;
  description: string;
  createdHoursAgo: number;
  assignments: LargeAssignmentRow[];
}

export interface LargeInstanceRow {
  name: string;
  templateName: string;
  arch: Arch;
  status: InstanceStatus;
  lastHeartbeatMinutesAgo: number | null;
  createdHoursAgo: number;
  /** moduleName -> ociDigest, as a node agent reports it */
  reportedModules: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------------------
// Deterministic primitives

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashKey(seed: number, kind: number, a: number, b = 0): number {
  return fmix32(fmix32(fmix32(seed ^ Math.imul(kind, 0x9e3779b1)) ^ a) ^ Math.imul(b + 1, 0x27d4eb2d));
}

/** mulberry32 */
function prng(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

function pick<T>(r: Rand, items: readonly T[]): T {
  const item = items[Math.floor(r() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function weighted<T>(r: Rand, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('weighted pick from an empty list');
  return last[0];
}

/**
 * 64 hex chars. The first word is a bijection of `uid` (fmix32 is invertible), so distinct uids below 2^32
 * always give distinct digests within one kind.
 */
function hex64(seed: number, kind: number, uid: number): string {
  let out = '';
  for (let k = 0; k < 8; k++) {
    const w = k === 0 ? fmix32((uid ^ Math.imul(kind, 0x9e3779b1) ^ seed) >>> 0) : hashKey(seed, kind + k * 101, uid);
    out += w.toString(16).padStart(8, '0');
  }
  return out;
}

const K = { module: 1, version: 2, files: 3, template: 4, instance: 5, oci: 6, composefs: 7, drift: 8, count: 9 };

// ---------------------------------------------------------------------------------------------------------
// Modules

const CATEGORY_WEIGHTS: readonly (readonly [CategorySlug, number])[] = [
  ['system-base', 5],
  ['security-hardening', 15],
  ['network-overlay', 15],
  ['container-runtimes', 15],
  ['userland', 50],
];
const WORDS = [
  'api', 'cache', 'proxy', 'agent', 'metrics', 'logs', 'dns', 'auth', 'queue', 'store', 'gateway', 'mesh',
  'backup', 'scan', 'policy', 'vpn', 'edge', 'batch', 'search', 'media', 'mail', 'ntp', 'audit', 'cron',
] as const;
const LICENSES = ['Apache-2.0', 'MIT', 'GPL-2.0-only', 'BSD-3-Clause', 'MPL-2.0'] as const;
/** modules 0..FOUNDATIONS-1 are dependency roots: always subscription, always with a live version */
const FOUNDATIONS = 30;

interface ModuleSpec {
  index: number;
  name: string;
  category: CategorySlug;
  variety: Variety;
  parent: number | null;
  requires: number[];
  priority: number;
  versionCount: number;
  /** index of the live version, or null */
  liveIndex: number | null;
  registeredHoursAgo: number;
}

const moduleCache = new Map<string, ModuleSpec>();

export function largeModuleName(index: number): string {
  const word = WORDS[index % WORDS.length] ?? 'mod';
  return `${LARGE_PREFIX}${word}-${String(index).padStart(4, '0')}`;
}

function versionCount(seed: number, index: number): number {
  // pairs (2p, 2p+1) get +k and -k, so 1,000 modules have exactly 10,000 versions (5..15 each)
  const k = hashKey(seed, K.count, index >> 1) % 6;
  return 10 + (index % 2 === 0 ? k : -k);
}

function moduleSpec(seed: number, index: number): ModuleSpec {
  const key = `${seed}:${index}`;
  const cached = moduleCache.get(key);
  if (cached) return cached;
  const r = prng(hashKey(seed, K.module, index));
  const foundation = index < FOUNDATIONS;
  const category: CategorySlug = foundation ? pick(r, ['system-base', 'security-hardening'] as const) : weighted(r, CATEGORY_WEIGHTS);
  let variety: Variety = foundation ? 'subscription' : weighted(r, [['subscription', 75], ['config', 15], ['instance', 10]] as const);
  const count = versionCount(seed, index);
  const hasLive = foundation || r() < 0.95;
  const liveIndex = hasLive ? count - 1 - weighted(r, [[0, 50], [1, 35], [2, 15]] as const) : null;
  let parent: number | null = null;
  if (variety === 'config') {
    // parent: an earlier subscription module with a live version (searched deterministically)
    for (let tries = 0; tries < 20 && parent === null; tries++) {
      const cand = int(r, 0, index - 1);
      const spec = moduleSpec(seed, cand);
      if (spec.variety === 'subscription' && spec.liveIndex !== null) parent = cand;
    }
    if (parent === null) variety = 'subscription';
  }
  const requires: number[] = [];
  if (!foundation) {
    const n = weighted(r, [[0, 30], [1, 50], [2, 20]] as const);
    for (let k = 0; k < n; k++) {
      const dep = int(r, 0, FOUNDATIONS - 1);
      if (!requires.includes(dep)) requires.push(dep);
    }
  }
  const spec: ModuleSpec = {
    index,
    name: largeModuleName(index),
    category,
    variety,
    parent,
    requires,
    priority: int(r, 0, 999),
    versionCount: count,
    liveIndex,
    registeredHoursAgo: int(r, 3000, 6000),
  };
  moduleCache.set(key, spec);
  return spec;
}

function manifestYaml(spec: ModuleSpec, owner: string, seed: number): string {
  const n = spec.name;
  const requires = [
    ...(spec.parent !== null ? [`${owner}/${largeModuleName(spec.parent)}@>=1.0.0`] : []),
    ...spec.requires.map((d) => `${owner}/${largeModuleName(d)}@>=1.0.0`),
  ];
  const list = (items: string[], indent: string) => (items.length ? '\n' + items.map((i) => `${indent}- ${i}`).join('\n') : ' []');
  const port = 20000 + spec.index;
  return `schema_version: 1
name: ${n}
display_name: Scale module ${spec.index}
description: Synthetic ${spec.variety} module for load testing (${spec.category}).
license: ${LICENSES[spec.index % LICENSES.length] ?? 'MIT'}
package_spec:
  - ${n}
file_spec:
  - /opt/scale/${n}/**
  - /etc/${n}/**
  - /usr/lib/${n}/**
  - /usr/share/doc/${n}/**
  - /lib/systemd/system/${n}.service
  - /etc/scale-shared/*.conf
mask:
  - /usr/share/doc/${n}/changelog*
protected_spec:
  - /etc/${n}/${n}.conf
dependency_spec: []
dependencies:
  requires:${list(requires, '    ')}
  provides:
    - scale.cap.${spec.index % 50}
    - scale.port:${port}
services:
  - name: ${n.slice(0, 63)}
    start_command: /opt/scale/${n}/bin/${n} --config /etc/${n}/${n}.conf
    restart_policy: on-failure
    exposed_ports:
      - port: ${port}
        protocol: tcp
        name: main
    health:
      endpoint: http://127.0.0.1:${port}/healthz
      method: GET
      interval_seconds: 30
      timeout_seconds: 3
      initial_delay_seconds: 5
reboot_required: false
build:
  ubuntu_digest: null
  apt_snapshot: null
# generator seed ${seed}
`;
}

function moduleRow(spec: ModuleSpec, opts: Required<LargeOptions>): LargeModuleRow {
  const r = prng(hashKey(opts.seed, K.module + 100, spec.index));
  return {
    name: spec.name,
    displayName: `Scale module ${spec.index}`,
    description: `Synthetic ${spec.variety} module #${spec.index} for load tests.`,
    categorySlug: spec.category,
    variety: spec.variety,
    parentModule: spec.parent === null ? null : largeModuleName(spec.parent),
    priority: spec.priority,
    visibility: r() < 0.2 ? 'public' : 'private',
    repositoryUrl: `https://git.powernode.example/scale/${spec.name}`,
    cosignIdentityRegexp: `^https://git\\.powernode\\.example/scale/${spec.name}/\\.forgejo/workflows/release\\.yaml@refs/tags/v.*$`,
    cosignIssuerRegexp: '^https://git\\.powernode\\.example$',
    manifestYaml: manifestYaml(spec, opts.owner, opts.seed),
    registeredHoursAgo: spec.registeredHoursAgo,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Versions

interface VersionSpec {
  version: string;
  state: PromotionState;
  previouslyLive: boolean;
  built: number;
  staging: number | null;
  blessed: number | null;
  live: number | null;
  retired: number | null;
  retiredReason: string | null;
}

const versionCache = new Map<string, VersionSpec[]>();

function versionSpecs(seed: number, spec: ModuleSpec): VersionSpec[] {
  const key = `${seed}:${spec.index}`;
  const cached = versionCache.get(key);
  if (cached) return cached;
  const r = prng(hashKey(seed, K.version, spec.index));
  const n = spec.versionCount;
  let major = 1;
  let minor = 0;
  let patch = 0;
  const versions: string[] = [];
  for (let j = 0; j < n; j++) {
    if (j > 0) {
      const bump = weighted(r, [['patch', 60], ['minor', 35], ['major', 5]] as const);
      if (bump === 'major') [major, minor, patch] = [major + 1, 0, 0];
      else if (bump === 'minor') [minor, patch] = [minor + 1, 0];
      else patch += 1;
    }
    versions.push(`${major}.${minor}.${patch}`);
  }
  // built times spread over the module's life, newest last; >= 90 h apart so every version's
  // staging/blessed/live offsets (at most 78 h after its build) finish before the next one is built
  const span = int(r, Math.max(n * 90, 800), 2900);
  const built = versions.map((_, j) => Math.max(1, Math.round(span * (1 - j / n)) + int(r, 0, 6)));
  const stagingAt = built.map((b) => Math.max(0.5, b - int(r, 1, 6)));
  const blessedAt = stagingAt.map((st) => Math.max(0.25, st - int(r, 4, 48)));
  const liveAt = blessedAt.map((bl) => Math.max(0.1, bl - int(r, 1, 24)));
  const at = (xs: number[], j: number): number => xs[j] ?? 0.1;
  const live = spec.liveIndex;
  const out: VersionSpec[] = versions.map((version, j) => {
    const b = at(built, j);
    const staging = at(stagingAt, j);
    const blessed = at(blessedAt, j);
    const wentLive = at(liveAt, j);
    if (live === null || j > live) {
      // newer than live (or no live at all): the pipeline's head
      const ahead = live === null ? n - 1 - j : j - live;
      const state: PromotionState =
        live === null ? (j === n - 1 ? 'staging' : j === n - 2 ? 'built' : 'retired') : ahead === 1 ? pick(r, ['blessed', 'staging'] as const) : 'built';
      return {
        version,
        state,
        previouslyLive: false,
        built: b,
        staging: state === 'built' ? null : staging,
        blessed: state === 'blessed' ? blessed : null,
        live: null,
        retired: state === 'retired' ? Math.max(0.05, staging - int(r, 1, 72)) : null,
        retiredReason: state === 'retired' ? 'Abandoned in staging.' : null,
      };
    }
    if (j === live) {
      return { version, state: 'live', previouslyLive: false, built: b, staging, blessed, live: wentLive, retired: null, retiredReason: null };
    }
    // older than live: the one just before live is often kept blessed as the rollback target
    const skipped = r() < 0.15;
    const keepBlessed = j === live - 1 && !skipped && r() < 0.6;
    // retired once its successor went live
    const retired = Math.max(0.05, at(liveAt, j + 1) - int(r, 1, 240));
    return {
      version,
      state: keepBlessed ? 'blessed' : 'retired',
      previouslyLive: keepBlessed,
      built: b,
      staging,
      blessed: skipped ? null : blessed,
      live: skipped ? null : wentLive,
      retired: keepBlessed ? null : retired,
      retiredReason: keepBlessed ? null : skipped ? 'Never promoted past staging.' : 'Superseded.',
    };
  });
  versionCache.set(key, out);
  return out;
}

function filesFor(seed: number, spec: ModuleSpec, j: number): string[] {
  const n = spec.name;
  const base = prng(hashKey(seed, K.files, spec.index));
  const baseCount = int(base, 22, 44);
  const shared = int(base, 0, 3);
  const paths = new Set<string>([
    `/opt/scale/${n}/bin/${n}`,
    `/etc/${n}/${n}.conf`,
    `/lib/systemd/system/${n}.service`,
    `/usr/share/doc/${n}/copyright`,
  ]);
  for (let k = 0; paths.size < baseCount; k++) {
    const dir = pick(base, [`/opt/scale/${n}/lib`, `/opt/scale/${n}/share`, `/usr/lib/${n}`, `/etc/${n}/conf.d`] as const);
    paths.add(`${dir}/${pick(base, WORDS)}-${k}.${pick(base, ['so', 'conf', 'json', 'py', 'dat'] as const)}`);
  }
  for (let k = 0; k < shared; k++) paths.add(`/etc/scale-shared/${int(base, 0, 199)}.conf`);
  // each version adds up to 3 and removes up to 2 files relative to the base set
  const r = prng(hashKey(seed, K.files, spec.index, j + 1));
  const list = [...paths];
  const removals = int(r, 0, 2);
  for (let k = 0; k < removals && list.length > 20; k++) list.splice(int(r, 4, list.length - 1), 1);
  const adds = int(r, 0, 3);
  for (let k = 0; k < adds; k++) list.push(`/opt/scale/${n}/share/v${j}-${k}.dat`);
  return list.sort();
}

function versionRows(spec: ModuleSpec, opts: Required<LargeOptions>): LargeVersionRow[] {
  return versionSpecs(opts.seed, spec).map((v, j) => {
    const uid = spec.index * 64 + j;
    const ociRef = `registry.powernode.example/scale/${spec.name}:${v.version}`;
    return {
      moduleName: spec.name,
      version: v.version,
      promotionState: v.state,
      previouslyLive: v.previouslyLive,
      ociRef,
      ociDigest: `sha256:${hex64(opts.seed, K.oci, uid)}`,
      composefsDigest: `sha256:${hex64(opts.seed, K.composefs, uid)}`,
      fileList: filesFor(opts.seed, spec, j),
      packageList: [`${spec.name}=${v.version}-1`],
      signerIdentity: `https://git.powernode.example/scale/${spec.name}/.forgejo/workflows/release.yaml@refs/tags/v${v.version}`,
      signerIssuer: 'https://git.powernode.example',
      builtHoursAgo: v.built,
      stagingHoursAgo: v.staging,
      blessedHoursAgo: v.blessed,
      liveHoursAgo: v.live,
      retiredHoursAgo: v.retired,
      retiredReason: v.retiredReason,
    };
  });
}

function digestOf(seed: number, moduleIndex: number, versionIndex: number): string {
  return `sha256:${hex64(seed, K.oci, moduleIndex * 64 + versionIndex)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Templates

interface TemplateSpec {
  row: LargeTemplateRow;
  /** enabled modules -> digest an agent should run (pin, else live) */
  desired: Map<string, string>;
}

const templateCache = new Map<string, TemplateSpec>();

function templateSpec(seed: number, t: number): TemplateSpec {
  const key = `${seed}:${t}`;
  const cached = templateCache.get(key);
  if (cached) return cached;
  const r = prng(hashKey(seed, K.template, t));
  const target = int(r, 10, 30);
  const chosen: number[] = [];
  const required = new Set<number>();
  const instanceCategories = new Set<CategorySlug>();
  const closure = (i: number, acc: Set<number>) => {
    if (acc.has(i) || chosen.includes(i)) return;
    acc.add(i);
    const s = moduleSpec(seed, i);
    if (s.parent !== null) closure(s.parent, acc);
    for (const d of s.requires) closure(d, acc);
  };
  for (let tries = 0; chosen.length < target && tries < 400; tries++) {
    const i = int(r, 0, LARGE_COUNTS.modules - 1);
    const s = moduleSpec(seed, i);
    if (s.liveIndex === null || chosen.includes(i)) continue;
    if (s.variety === 'instance' && instanceCategories.has(s.category)) continue;
    const add = new Set<number>();
    closure(i, add);
    if (chosen.length + add.size > 30) continue;
    for (const a of add) {
      chosen.push(a);
      const spec = moduleSpec(seed, a);
      if (spec.variety === 'instance') instanceCategories.add(spec.category);
      if (a !== i) required.add(a);
    }
    if (s.parent !== null) required.add(s.parent);
    for (const d of s.requires) required.add(d);
  }
  chosen.sort((a, b) => a - b);
  const desired = new Map<string, string>();
  const assignments: LargeAssignmentRow[] = chosen.map((i) => {
    const s = moduleSpec(seed, i);
    const versions = versionSpecs(seed, s);
    const blessedIdx = versions.findIndex((v) => v.state === 'blessed');
    const pin = blessedIdx >= 0 && r() < 0.05 ? blessedIdx : null;
    const enabled = required.has(i) || r() >= 0.03;
    const override = r() < 0.03 ? int(r, 1000, 99999) : null;
    const runIdx = pin ?? s.liveIndex;
    if (enabled && runIdx !== null) desired.set(s.name, digestOf(seed, i, runIdx));
    return {
      moduleName: s.name,
      enabled,
      pinnedVersion: pin === null ? null : (versions[pin]?.version ?? null),
      effectivePriorityOverride: override,
      metadata: instanceMetadata(s, t, r),
    };
  });
  const spec: TemplateSpec = {
    row: {
      name: largeTemplateName(t),
      description: `Synthetic template #${t} (${assignments.length} modules) for load tests.`,
      createdHoursAgo: int(r, 100, 3000),
      assignments,
    },
    desired,
  };
  templateCache.set(key, spec);
  return spec;
}

function instanceMetadata(s: ModuleSpec, t: number, r: Rand): JsonObject {
  if (s.variety !== 'instance') return {};
  return { site: `site-${t}`, tier: pick(r, ['gold', 'silver', 'bronze'] as const) };
}

export function largeTemplateName(t: number): string {
  return `${LARGE_PREFIX}tpl-${String(t).padStart(3, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Instances

const REGIONS = ['fra', 'ams', 'iad', 'sin', 'syd', 'gru', 'nrt', 'lhr'] as const;

function instanceRow(seed: number, k: number): LargeInstanceRow {
  const r = prng(hashKey(seed, K.instance, k));
  const t = k % LARGE_COUNTS.templates;
  const tpl = templateSpec(seed, t);
  const status = weighted(r, [['running', 90], ['stopped', 3], ['error', 2], ['provisioning', 3], ['pending', 2]] as const);
  const reports = status !== 'provisioning' && status !== 'pending';
  const stale = r() < 0.03 || status === 'stopped';
  const heartbeat = reports ? (stale ? int(r, 16, 3000) : int(r, 0, 5)) : null;
  const reported: Record<string, string> = {};
  if (reports) {
    for (const [name, digest] of tpl.desired) reported[name] = digest;
    if (r() < 0.08) {
      // drift: 1..6 differences (missing, extra, mismatched)
      const d = prng(hashKey(seed, K.drift, k));
      const diffs = weighted(d, [[1, 45], [2, 25], [3, 15], [4, 8], [5, 5], [6, 2]] as const);
      const names = [...tpl.desired.keys()];
      for (let x = 0; x < diffs; x++) {
        const kind = pick(d, ['missing', 'extra', 'mismatched'] as const);
        if (kind === 'extra') {
          const other = moduleSpec(seed, int(d, 0, LARGE_COUNTS.modules - 1));
          if (other.liveIndex !== null && !(other.name in reported)) reported[other.name] = digestOf(seed, other.index, other.liveIndex);
        } else if (names.length > 0) {
          const victim = pick(d, names);
          if (kind === 'missing') delete reported[victim];
          else reported[victim] = `sha256:${hex64(seed, K.drift, k * 8 + x)}`;
        }
      }
    }
  }
  return {
    name: `${LARGE_PREFIX}${pick(r, REGIONS)}-${String(k).padStart(4, '0')}`,
    templateName: tpl.row.name,
    arch: r() < 0.7 ? 'amd64' : 'arm64',
    status,
    lastHeartbeatMinutesAgo: heartbeat,
    createdHoursAgo: int(r, 1, 2500),
    reportedModules: reported,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Batch generators

function resolve(opts: LargeOptions = {}): Required<LargeOptions> {
  return { seed: opts.seed ?? LARGE_DEFAULT_SEED, batchSize: opts.batchSize ?? 500, owner: opts.owner ?? 'powernode' };
}

function* batched<T>(count: number, size: number, row: (i: number) => T | T[]): Generator<T[]> {
  let batch: T[] = [];
  for (let i = 0; i < count; i++) {
    const r = row(i);
    if (Array.isArray(r)) batch.push(...r);
    else batch.push(r);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** 1,000 module registrations (with manifests), in index order. Insert before versions. */
export function* largeModules(options?: LargeOptions): Generator<LargeModuleRow[]> {
  const opts = resolve(options);
  yield* batched(LARGE_COUNTS.modules, opts.batchSize, (i) => moduleRow(moduleSpec(opts.seed, i), opts));
}

/** 10,000 versions, grouped by module in index order (ascending semver within a module). */
export function* largeVersions(options?: LargeOptions): Generator<LargeVersionRow[]> {
  const opts = resolve(options);
  yield* batched(LARGE_COUNTS.modules, opts.batchSize, (i) => versionRows(moduleSpec(opts.seed, i), opts));
}

/** 200 templates with 10-30 assignments each. Insert after modules and versions (pins reference versions). */
export function* largeTemplates(options?: LargeOptions): Generator<LargeTemplateRow[]> {
  const opts = resolve(options);
  yield* batched(LARGE_COUNTS.templates, opts.batchSize, (t) => templateSpec(opts.seed, t).row);
}

/** 5,000 instances, 25 per template, with the modules they report (mostly the desired state). */
export function* largeInstances(options?: LargeOptions): Generator<LargeInstanceRow[]> {
  const opts = resolve(options);
  yield* batched(LARGE_COUNTS.instances, opts.batchSize, (k) => instanceRow(opts.seed, k));
}
