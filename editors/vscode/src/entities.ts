// The "Gloss Entities" view in the Explorer: the entities the active document mentions,
// grouped by kind with counts, each expandable to its mentions (a click reveals the mention).
//
// Fed by the server's `textDocument/documentSymbol`, whose answer is: one Namespace symbol per
// kind ("Organizations"), the entities under it (their LSP symbol kind says which kind), each
// entity's mentions under it (Key symbols); Markdown headings follow at the top level and are
// left out here. Owns only the tree and when it refreshes; knows nothing of recognition.
import * as vscode from 'vscode';
import { DocumentSymbol, DocumentSymbolRequest, LanguageClient, State, SymbolKind } from 'vscode-languageclient/node';

/** Entity symbol kinds as the server maps glossary kinds (src/lsp/convert.rs `entry_symbol_kind`). */
const KIND_OF_SYMBOL: Partial<Record<SymbolKind, string>> = {
  [SymbolKind.Interface]: 'concept',
  [SymbolKind.Class]: 'organization',
  [SymbolKind.Object]: 'person',
  [SymbolKind.Module]: 'place',
  [SymbolKind.File]: 'document',
  [SymbolKind.Event]: 'event',
  [SymbolKind.Constant]: 'other',
};
const ICON_OF_KIND: Record<string, string> = {
  concept: 'lightbulb',
  organization: 'organization',
  person: 'person',
  place: 'location',
  document: 'file-text',
  event: 'calendar',
  other: 'symbol-constant',
};
const REFRESH_DELAY_MS = 400;

interface KindNode {
  type: 'kind';
  kind: string;
  label: string;
  entities: EntityNode[];
}
interface EntityNode {
  type: 'entity';
  kind: string;
  label: string;
  mentions: MentionNode[];
}
interface MentionNode {
  type: 'mention';
  id: string;
  text: string;
  uri: vscode.Uri;
  range: vscode.Range;
}
type Node = KindNode | EntityNode | MentionNode;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export class EntitiesView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private roots: KindNode[] = [];
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private client: LanguageClient | undefined;
  private clientState: vscode.Disposable | undefined;

  constructor(private readonly selector: vscode.DocumentSelector) {
    this.view = vscode.window.createTreeView('gloss.entities', { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      vscode.commands.registerCommand('gloss.entities.refresh', () => this.refresh()),
      vscode.commands.registerCommand('gloss.entities.reveal', (uri: vscode.Uri, range: vscode.Range) =>
        vscode.window.showTextDocument(uri, { selection: range, preserveFocus: false }).then((editor) =>
          editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport),
        ),
      ),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.schedule(REFRESH_DELAY_MS);
      }),
      this.view.onDidChangeVisibility((e) => e.visible && this.schedule(0)),
    );
  }

  /** The client to ask (a new one after each restart); refreshes once it runs. */
  setClient(client: LanguageClient | undefined): void {
    this.client = client;
    this.clientState?.dispose();
    this.clientState = client?.onDidChangeState((e) => {
      if (e.newState === State.Running) this.schedule(0);
    });
    this.schedule(0);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.clientState?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    if (!this.view.visible) return;
    const doc = vscode.window.activeTextEditor?.document;
    const client = this.client;
    let roots: KindNode[] = [];
    let message: string | undefined;
    if (!doc || !vscode.languages.match(this.selector, doc)) {
      message = 'Open a Markdown or plain-text document to see the entities it mentions.';
    } else if (!client || client.state !== State.Running) {
      message = 'The Gloss server is not running ("Gloss: Show Server Output" says why).';
    } else {
      try {
        const answer = await client.sendRequest(DocumentSymbolRequest.type, {
          textDocument: { uri: client.code2ProtocolConverter.asUri(doc.uri) },
        });
        const symbols = (answer ?? []).filter((s): s is DocumentSymbol => 'selectionRange' in s);
        roots = this.kindNodes(symbols, doc.uri, client);
        if (!roots.length) message = 'No glossary entity in this document.';
      } catch (e) {
        message = `The server did not list the entities: ${e instanceof Error ? e.message : e}`;
      }
    }
    if (generation !== this.generation) return; // a newer refresh is under way
    this.roots = roots;
    this.view.message = message;
    this.view.description = doc && !message ? vscode.workspace.asRelativePath(doc.uri) : undefined;
    this.changed.fire(undefined);
  }

  private kindNodes(symbols: DocumentSymbol[], uri: vscode.Uri, client: LanguageClient): KindNode[] {
    const out: KindNode[] = [];
    for (const group of symbols) {
      if (group.kind !== SymbolKind.Namespace) continue; // a Markdown heading
      const entities: EntityNode[] = [];
      let kind = 'other';
      for (const entity of group.children ?? []) {
        kind = KIND_OF_SYMBOL[entity.kind] ?? kind;
        const mentions = (entity.children ?? []).map((m, i) => ({
          type: 'mention' as const,
          id: `${group.name}/${entity.name}/${i}`,
          text: m.name,
          uri,
          range: client.protocol2CodeConverter.asRange(m.selectionRange),
        }));
        entities.push({ type: 'entity', kind, label: entity.name, mentions });
      }
      out.push({ type: 'kind', kind, label: group.name, entities });
    }
    return out;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.roots;
    if (node.type === 'kind') return node.entities;
    if (node.type === 'entity') return node.mentions;
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.type === 'kind') {
      const mentions = node.entities.reduce((n, e) => n + e.mentions.length, 0);
      // Collapsed: the view opens as one line per kind with its counts.
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `kind/${node.kind}`;
      item.description = `${plural(node.entities.length, 'entity', 'entities')}, ${plural(mentions, 'mention', 'mentions')}`;
      item.iconPath = new vscode.ThemeIcon(ICON_OF_KIND[node.kind] ?? 'symbol-constant');
      item.contextValue = 'kind';
      return item;
    }
    if (node.type === 'entity') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `entity/${node.kind}/${node.label}`;
      item.description = plural(node.mentions.length, 'mention', 'mentions');
      item.tooltip = `${node.label} (${node.kind}): ${item.description}`;
      item.contextValue = 'entity';
      return item;
    }
    const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
    item.id = `mention/${node.id}`;
    item.description = `line ${node.range.start.line + 1}, column ${node.range.start.character + 1}`;
    item.iconPath = new vscode.ThemeIcon('symbol-key');
    item.contextValue = 'mention';
    item.command = { command: 'gloss.entities.reveal', title: 'Reveal', arguments: [node.uri, node.range] };
    return item;
  }
}
