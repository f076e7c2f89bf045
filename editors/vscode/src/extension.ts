// The Gloss extension: finds the server (setting, $GLOSS_SERVER_PATH, the bundled binary, PATH),
// starts `gloss lsp --stdio`, forwards the `gloss.*` settings and owns the commands.
//
// Nothing here knows which LSP features the server has: vscode-languageclient wires up whatever
// the server advertises (hover, definition, diagnostics, semantic tokens…); how themes colour the
// semantic tokens is declared in package.json. The Entities view lives in entities.ts.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  ConfigurationParams,
  DefinitionRequest,
  DidChangeConfigurationNotification,
  DocumentSelector,
  LanguageClient,
  LanguageClientOptions,
  Location,
  LocationLink,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { EntitiesView } from './entities';

const SECTION = 'gloss';
/** Settings that steer the extension itself and are not sent to the server. */
const CLIENT_ONLY = [/^server\./, /^trace\./];

let client: LanguageClient | undefined;
let entities: EntitiesView | undefined;
let output: vscode.OutputChannel;
let traceOutput: vscode.OutputChannel;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let packageJSON: any = {};

/** Documents Gloss serves: prose, and glossary files (of any language mode) so their errors show. */
const glossarySelector = [
  { pattern: '**/*.glossary.{toml,json}' },
  { pattern: '**/glossary/**/*.{toml,json}' },
];
export const documentSelector: DocumentSelector = [
  { language: 'markdown' },
  { language: 'plaintext' },
  ...glossarySelector,
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Gloss');
  traceOutput = output;
  packageJSON = context.extension.packageJSON;
  context.subscriptions.push(output, { dispose: () => void stopClient() });
  entities = new EntitiesView(documentSelector);
  context.subscriptions.push(entities);

  context.subscriptions.push(
    vscode.commands.registerCommand('gloss.restartServer', async () => {
      await stopClient();
      await startClient(context);
    }),
    vscode.commands.registerCommand('gloss.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('gloss.openGlossaryEntry', () => openGlossaryEntry()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      if (e.affectsConfiguration(`${SECTION}.server`)) {
        output.appendLine('gloss.server.* changed: restarting the server');
        await stopClient();
        await startClient(context);
        return;
      }
      // Applied without a restart: the server re-reads what we send.
      if (client && client.state === State.Running) {
        await client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { [SECTION]: serverSettings() },
        });
      }
    }),
  );

  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  entities?.setClient(undefined);
  if (c) {
    try {
      await c.stop();
    } catch (e) {
      output.appendLine(`stopping the server: ${e}`);
    }
  }
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const command = findServer(context.extensionPath);
  if (!command) {
    const msg =
      'Gloss: the `gloss` language server was not found. Install the platform package of this ' +
      'extension (gloss-linux-x64-….vsix carries the server), or build it (`cargo build --release` in ' +
      'the Gloss repository) and either put `target/release/gloss` on your PATH or set ' +
      '"gloss.server.path" to its full path, then run "Gloss: Restart Server".';
    output.appendLine(msg);
    const choice = await vscode.window.showErrorMessage(msg, 'Open Settings', 'Show Output');
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'gloss.server.path');
    } else if (choice === 'Show Output') {
      output.show(true);
    }
    return;
  }
  output.appendLine(`Starting ${command} lsp --stdio`);

  const extraEnv = vscode.workspace.getConfiguration(SECTION).get<Record<string, string>>('server.env') ?? {};
  const run = {
    command,
    args: ['lsp'], // TransportKind.stdio appends --stdio, which `gloss lsp` accepts
    transport: TransportKind.stdio,
    options: { env: { ...process.env, ...extraEnv } },
  };
  const serverOptions: ServerOptions = { run, debug: run };

  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    traceOutputChannel: traceOutput,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: serverSettings(),
    // File watching: the server registers workspace/didChangeWatchedFiles itself.
    middleware: {
      // Structured files shown as Plain Text (no TOML extension installed, e.g. the read-only
      // copy of the embedded glossary that go-to-definition opens) are not prose: don't send them.
      didOpen: (doc, next) => (isDataAsPlainText(doc) ? Promise.resolve() : next(doc)),
      didChange: (e, next) => (isDataAsPlainText(e.document) ? Promise.resolve() : next(e)),
      didClose: (doc, next) => (isDataAsPlainText(doc) ? Promise.resolve() : next(doc)),
      workspace: {
        // Answer `workspace/configuration` for "gloss" with the settings the user set.
        configuration: (params: ConfigurationParams, token, next) => {
          const items = params.items;
          if (!items.some((i) => i.section === SECTION)) return next(params, token);
          return items.map((item) => {
            if (item.section !== SECTION) return null;
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            return serverSettings(scope);
          });
        },
      },
    },
  };

  const c = new LanguageClient('gloss', 'Gloss', serverOptions, clientOptions);
  client = c;
  entities?.setClient(c);
  try {
    await c.start();
  } catch (e) {
    output.appendLine(`The server failed to start: ${e}`);
    void vscode.window.showErrorMessage(`Gloss: the server (${command}) failed to start: ${e}`, 'Show Output').then(
      (choice) => choice && output.show(true),
    );
  }
}

function isDataAsPlainText(doc: vscode.TextDocument): boolean {
  if (doc.languageId !== 'plaintext' || !/\.(toml|json)$/i.test(doc.uri.path)) return false;
  // Glossary files stay: the server reports their errors.
  return !vscode.languages.match(glossarySelector, doc);
}

/**
 * The server's settings: every contributed `gloss.*` setting the user (or workspace)
 * set explicitly, nested as the server reads them (`diagnostics.unknown-acronym` →
 * `{ diagnostics: { "unknown-acronym": … } }`). Defaults are left out so that
 * `gloss.toml` at the workspace root keeps its say; the server applies the rest key by key.
 * The list comes from package.json, so a new setting there is forwarded without code here.
 */
export function serverSettings(scope?: vscode.Uri): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const result: Record<string, unknown> = {};
  for (const key of contributedKeys()) {
    if (CLIENT_ONLY.some((re) => re.test(key))) continue;
    const i = config.inspect(key);
    if (!i) continue;
    const value = i.workspaceFolderValue ?? i.workspaceValue ?? i.globalValue;
    if (value === undefined) continue;
    const parts = key.split('.');
    let target = result;
    for (const p of parts.slice(0, -1)) {
      target = (target[p] ??= {}) as Record<string, unknown>;
    }
    target[parts[parts.length - 1]] = value;
  }
  return result;
}

function contributedKeys(): string[] {
  const props = packageJSON?.contributes?.configuration?.properties ?? {};
  return Object.keys(props)
    .filter((k) => k.startsWith(`${SECTION}.`))
    .map((k) => k.slice(SECTION.length + 1));
}

/**
 * Where the server is, first found wins:
 * 1. `gloss.server.path` (an explicit choice: when it is wrong we say so rather than fall back);
 * 2. `$GLOSS_SERVER_PATH` in VS Code's environment (same);
 * 3. the binary bundled in a platform-specific package (`server/gloss` inside the extension);
 * 4. `gloss` on `PATH`.
 * Undefined when none exists.
 */
export function findServer(extensionPath: string): string | undefined {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>('server.path')?.trim();
  const explicit = configured ? expand(configured) : process.env.GLOSS_SERVER_PATH ? expand(process.env.GLOSS_SERVER_PATH) : '';
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    output.appendLine(`The configured server ${explicit} does not exist or is not executable.`);
    return undefined;
  }
  const bundled = path.join(extensionPath, 'server', process.platform === 'win32' ? 'gloss.exe' : 'gloss');
  if (isExecutable(bundled)) return bundled;
  const exe = process.platform === 'win32' ? ['gloss.exe', 'gloss.cmd', 'gloss'] : ['gloss'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of exe) {
      const p = path.join(dir, name);
      if (isExecutable(p)) return p;
    }
  }
  return undefined;
}

function expand(p: string): string {
  let out = p.replace(/^~(?=$|[\\/])/, os.homedir());
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder) out = out.replace(/\$\{workspaceFolder\}/g, folder);
  return out;
}

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Asks the server where the mention under the cursor is defined and opens the glossary side of it. */
async function openGlossaryEntry(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  if (!client || client.state !== State.Running) {
    void vscode.window.showWarningMessage('Gloss: the server is not running.');
    return;
  }
  const doc = editor.document;
  const params = client.code2ProtocolConverter.asTextDocumentPositionParams(doc, editor.selection.active);
  const raw = await client.sendRequest(DefinitionRequest.type, params);
  const list: (Location | LocationLink)[] = raw ? (Array.isArray(raw) ? raw : [raw]) : [];
  const targets = list
    .map((l) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange } : l))
    .filter((l) => l.uri !== params.textDocument.uri);
  if (!targets.length) {
    void vscode.window.showInformationMessage('Gloss: no glossary entry under the cursor.');
    return;
  }
  let pick = targets[0];
  if (targets.length > 1) {
    const items = targets.map((t) => ({
      label: path.basename(vscode.Uri.parse(t.uri).fsPath),
      description: `line ${t.range.start.line + 1}`,
      target: t,
    }));
    const chosen = await vscode.window.showQuickPick(items, { placeHolder: 'Glossary entries' });
    if (!chosen) return;
    pick = chosen.target;
  }
  const target = await vscode.workspace.openTextDocument(client.protocol2CodeConverter.asUri(pick.uri));
  const range = client.protocol2CodeConverter.asRange(pick.range);
  await vscode.window.showTextDocument(target, { selection: range, preview: true });
}
