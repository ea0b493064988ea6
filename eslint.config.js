// Lint rules, chiefly the import boundaries (README.md, "Layout"): each folder names the
// environment its code runs in (common, node/engine, main, preload, renderer) and may import only
// what that environment has; shared/ imports nothing from apps/, node: or the DOM.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeModules = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'tls', 'dgram', 'worker_threads', 'stream', 'events', 'url', 'util'];
const banned = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/dist-electron/**', '.tsbuild/**', '**/*.d.ts', 'tests/electron/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // A committed `.only` would quietly run one test of a file and skip the rest, in CI too.
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "MemberExpression[property.name='only']:matches([object.name=/^(describe|it|test|suite)$/], [object.object.name=/^(describe|it|test|suite)$/])",
        message: 'No committed .only: it skips every other test of the file.',
      }],
    },
  },
  {
    // The project's library runs everywhere: no Node, no DOM, no app code, no Electron.
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: banned([...nodeModules, 'electron', '@vigil/streamer*', '@vigil/viewer*', '@vigil/signaling*', '**/apps/**'], 'shared/ is environment-free: it imports nothing from apps/, node: or Electron.'),
  },
  {
    // Environment-free app code (protocol clients, pure logic).
    files: ['apps/*/src/common/**/*.ts'],
    ignores: ['apps/*/src/common/**/*.test.ts'],
    rules: banned([...nodeModules, 'electron', '**/node/**', '**/main/**', '**/renderer/**', '**/preload/**'], 'common/ code runs in Node and browsers alike: no Node, Electron or UI imports.'),
  },
  {
    // Renderer code runs in a sandboxed page: no Node, no Electron, no main-process code.
    files: ['apps/*/src/renderer/**/*.{ts,tsx}'],
    rules: banned([...nodeModules, 'electron', '**/main/**', '**/node/**', '**/preload/**'], 'renderer code runs in a sandboxed page: it reaches Node or Electron only through the preload API.'),
  },
  {
    // Electron main never imports renderer code.
    files: ['apps/*/src/main/**/*.ts'],
    rules: banned(['**/renderer/**'], 'Electron main never imports renderer code.'),
  },
  {
    // The engine's layers (apps/streamer/src/engine/README.md): media and protocol modules never
    // import the wiring above them (the root, the control API, the event hub and motion pipeline,
    // signalling, pairing, the admin modules), so they stay testable and reusable on their own.
    files: ['apps/streamer/src/engine/{camera,ffmpeg,live,webrtc,motion,recording,playback}/**/*.ts'],
    ignores: ['apps/streamer/src/engine/**/*.test.ts'],
    rules: banned(
      ['../engine.ts', '../cli.ts', '../api/*', '../events/*', '../signaling/*', '../pairing/*', '../system/*', '../*-admin.ts', '../cameras.ts', '../previews.ts'],
      'engine layers: media and protocol modules never import the wiring above them (see engine/README.md).',
    ),
  },
);
