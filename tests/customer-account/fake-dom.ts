/**
 * The little of a DOM that Preact needs to render into, standing in for the remote DOM Shopify gives a
 * customer-account extension (its elements are Polaris web components: `s-button`, `s-section`...).
 * Enough to render, click and read back what a customer would see; nothing more.
 */
export class FakeNode {
  parentNode: FakeElement | null = null;
  constructor(
    readonly nodeType: number,
    readonly nodeName: string,
  ) {}
  get nextSibling(): FakeNode | null {
    const siblings = this.parentNode?.childNodes ?? [];
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }
  remove() {
    this.parentNode?.removeChild(this);
  }
}

export class FakeText extends FakeNode {
  constructor(public data: string) {
    super(3, "#text");
  }
  get textContent() {
    return this.data;
  }
}

export class FakeElement extends FakeNode {
  readonly childNodes: FakeNode[] = [];
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, Set<(event: unknown) => void>>();
  readonly style: Record<string, string> = {};
  /** Present on real elements: Preact then registers `onClick` as the "click" event. */
  onclick: unknown = null;
  constructor(readonly localName: string) {
    super(1, localName.toUpperCase());
  }
  get firstChild() {
    return this.childNodes[0] ?? null;
  }
  get children() {
    return this.childNodes.filter((node): node is FakeElement => node instanceof FakeElement);
  }
  get textContent(): string {
    return this.childNodes.map((node) => (node as FakeElement | FakeText).textContent).join("");
  }
  insertBefore(node: FakeNode, before: FakeNode | null) {
    node.parentNode?.removeChild(node);
    const index = before ? this.childNodes.indexOf(before) : -1;
    this.childNodes.splice(index < 0 ? this.childNodes.length : index, 0, node);
    node.parentNode = this;
    return node;
  }
  appendChild(node: FakeNode) {
    return this.insertBefore(node, null);
  }
  removeChild(node: FakeNode) {
    const index = this.childNodes.indexOf(node);
    if (index >= 0) this.childNodes.splice(index, 1);
    node.parentNode = null;
    return node;
  }
  setAttribute(name: string, value: unknown) {
    this.attributes.set(name, String(value));
  }
  getAttribute(name: string) {
    return this.attributes.get(name) ?? null;
  }
  removeAttribute(name: string) {
    this.attributes.delete(name);
  }
  addEventListener(type: string, listener: (event: unknown) => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }
  removeEventListener(type: string, listener: (event: unknown) => void) {
    this.listeners.get(type)?.delete(listener);
  }
  /** What a tap on the element does: its click listeners run. */
  click() {
    // Like a real dispatch, the listener runs with the element as `this` (Preact relies on it).
    for (const listener of this.listeners.get("click") ?? []) listener.call(this, { type: "click", currentTarget: this, target: this });
  }
  /** Every element under this one with that tag, in document order. */
  findAll(tag: string): FakeElement[] {
    return this.children.flatMap((child) => [...(child.localName === tag ? [child] : []), ...child.findAll(tag)]);
  }
}

export function installFakeDocument() {
  const body = new FakeElement("body");
  const document = {
    body,
    createElement: (tag: string) => new FakeElement(tag),
    createElementNS: (_namespace: string, tag: string) => new FakeElement(tag),
    createTextNode: (text: string) => new FakeText(text),
  };
  (globalThis as Record<string, unknown>).document = document;
  return { body, uninstall: () => delete (globalThis as Record<string, unknown>).document };
}
