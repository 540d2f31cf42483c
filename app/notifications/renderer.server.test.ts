import { afterAll, expect, test } from "vitest";
import { checkTemplate, FAIR_RENDER_BOUND_MS, RENDER_LIMITS, RENDER_SHARE, RENDERS_BUSY, renderersReady, renderTemplate, stopRenderers } from "./renderer.server";
import { sampleData } from "./sample";

afterAll(() => stopRenderers());

const SHOP = "demo-returns-store.myshopify.com";
const HOSTILE_SHOP = "hostile-store.myshopify.com";
const shop = { name: "Demo Returns Store", email: "help@demo.test", url: "https://demo.test", portalUrl: "https://returns.demo.test" };
const data = sampleData(shop, { now: new Date("2026-11-30T10:00:00Z") });

test("renders Shopify's variable names, the return's items and the filters", async () => {
  const source = [
    "Hi {{ customer.first_name }}, order {{ order.name }} from {{ shop.name }}",
    "{% for item in return.items %}{{ item.quantity }} × {{ item.title }};{% endfor %}",
    "{{ return.status_date | date: '%Y-%m-%d' }} {{ 1250 | money }} {{ return.reason | default: 'none' }}",
  ].join("\n");
  const result = await renderTemplate(source, data, { shop: SHOP, html: false, currency: "EUR" });
  expect(result).toMatchObject({ ok: true });
  expect(result.ok && result.output).toBe("Hi Alex, order #1001 from Demo Returns Store\n1 × Linen shirt - Medium / Sand;2 × Canvas tote;\n2026-11-30 €12.50 Wrong size");
});

test("a customer's name cannot inject HTML: output is escaped once, also through | escape, and | raw does not exist", async () => {
  const hostile = { ...data, customer: { first_name: `<img src=x onerror="alert(1)">` } };
  const html = await renderTemplate("<p>{{ customer.first_name }}|{{ customer.first_name | escape }}</p>", hostile, { shop: SHOP, html: true });
  expect(html.ok && html.output).toBe("<p>&lt;img src=x onerror=&#34;alert(1)&#34;&gt;|&lt;img src=x onerror=&#34;alert(1)&#34;&gt;</p>");
  const raw = await renderTemplate("{{ customer.first_name | raw }}", hostile, { shop: SHOP, html: true });
  expect(raw).toEqual({ ok: false, error: { message: "undefined filter: raw", line: 1, column: 1 } });
  // The plain-text part is not HTML: the name stays as typed.
  const text = await renderTemplate("{{ customer.first_name }}", hostile, { shop: SHOP, html: false });
  expect(text.ok && text.output).toBe(`<img src=x onerror="alert(1)">`);
});

test("unknown variables and filters are reported with line and column", async () => {
  const unknownVariable = await checkTemplate("Hello\n  {{ customer.last_name }}", data, { shop: SHOP, html: true });
  expect(unknownVariable).toEqual({
    ok: false,
    problems: [{ message: expect.stringContaining(`Unknown variable "customer.last_name"`), line: 2, column: 6 }],
  });
  const unknownFilter = await checkTemplate("a\nb\n{{ shop.name | shout }}", data, { shop: SHOP, html: true });
  expect(unknownFilter).toEqual({ ok: false, problems: [{ message: "undefined filter: shout", line: 3, column: 1 }] });
  const syntax = await checkTemplate("one\ntwo\n{% if shop.name %}never closed", data, { shop: SHOP, html: true });
  expect(syntax.ok).toBe(false);
  expect(!syntax.ok && syntax.problems[0]).toMatchObject({ line: 3, message: expect.stringContaining("not closed") });
});

test("loop variables and list properties are allowed; fields a list item does not have are not", async () => {
  const good = "{% for item in return.items %}{{ item.title }}{{ forloop.index }}{% endfor %}{{ return.items.size }}{{ return.items.first.title }}{% assign n = shop.name %}{{ n }}";
  expect(await checkTemplate(good, data, { shop: SHOP, html: true })).toEqual({ ok: true });
  const bad = await checkTemplate("{{ return.items.first.price }}", data, { shop: SHOP, html: true });
  expect(bad).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining("return.items.first.price"), line: 1, column: 4 }] });
});

test("no file system: partials and layouts are refused", async () => {
  for (const tag of ["{% include 'secrets' %}", "{% render '../../.env' %}", "{% layout 'x' %}"]) {
    const result = await checkTemplate(tag, data, { shop: SHOP, html: true });
    expect(result).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining("is not available"), line: 1 }] });
  }
});

// One filter call over a million characters: the engine's own (cooperative) limit never gets to check the time.
const SLOW = "{% assign s = 'abcdefghij' %}{% for i in (1..17) %}{% assign s = s | append: s %}{% endfor %}{{ s | split: '' | sort | size }}";

// How fast the deadline stops them (150 ms) is measured in the benchmark (docs/benchmarks.md), not here:
// these tests say that they are stopped, with a clear message, and that nothing else waits on them.
test("a loop the engine cannot interrupt is stopped by the deadline with a clear message, and renders keep working meanwhile", async () => {
  const loop = SLOW;
  // Both render threads started (a thread's start-up is not part of any render's time).
  await renderersReady();
  const [hostile, ...others] = await Promise.all([
    renderTemplate(loop, data, { shop: HOSTILE_SHOP, html: true }),
    ...Array.from({ length: 5 }, () => renderTemplate("{{ shop.name }}", data, { shop: SHOP, html: true })),
  ]);
  expect(hostile).toMatchObject({ ok: false, error: { message: expect.stringContaining("was stopped") } });
  for (const other of others) expect(other).toMatchObject({ ok: true, output: "Demo Returns Store" });
  // The server's thread is not the one rendering: a timer set now fires (a blocked thread would hold it for seconds).
  const timer = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(performance.now() - timer).toBeLessThan(1_000);
  // And the renderer comes back for the next template.
  expect(await renderTemplate("ok", data, { shop: SHOP, html: true })).toMatchObject({ ok: true, output: "ok" });
});

test("loops the engine's own limits catch are stopped too, with the same message", async () => {
  for (const loop of ["{% for a in (1..1000) %}{% for b in (1..1000) %}{% for c in (1..1000) %}{% endfor %}{% endfor %}{% endfor %}", "{% for a in (1..100000000) %}{% endfor %}"]) {
    const result = await renderTemplate(loop, data, { shop: SHOP, html: true });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/was stopped/);
  }
});

test("huge output and deep nesting fail with a clear message", async () => {
  const huge = "{% for a in (1..2000) %}{% for b in (1..2000) %}xxxxxxxxxx{% endfor %}{% endfor %}";
  const big = await renderTemplate(huge, data, { shop: SHOP, html: true });
  expect(big.ok).toBe(false);
  expect(!big.ok && big.error.message).toMatch(/memory|was stopped|KB|limit/i);
  const deep = "{% if true %}".repeat(3000) + "x" + "{% endif %}".repeat(3000);
  const nested = await checkTemplate(deep, data, { shop: SHOP, html: true });
  expect(nested).toEqual({ ok: false, problems: [{ message: "Tags are nested more than 50 levels deep", line: 1, column: 651 }] });
  const long = "x".repeat(200_000);
  expect(await renderTemplate(long, data, { shop: SHOP, html: true })).toMatchObject({ ok: false, error: { message: expect.stringContaining("longer than") } });
});

const HOSTILE_PREVIEWS = 8;

test(`one shop's hostile previews hold one render thread at most: another shop's renders each finish within ${FAIR_RENDER_BOUND_MS} ms meanwhile`, async () => {
  await renderersReady();
  // The hostile shop's slow templates: each runs to the deadline and its thread is replaced.
  const hostile = Promise.all(Array.from({ length: HOSTILE_PREVIEWS }, () => renderTemplate(SLOW, data, { shop: HOSTILE_SHOP, html: true })));
  let hostileDone = false;
  void hostile.then(() => (hostileDone = true));
  const times: number[] = [];
  while (!hostileDone) {
    const started = performance.now();
    expect(await renderTemplate("{{ shop.name }}", data, { shop: SHOP, html: true })).toMatchObject({ ok: true, output: "Demo Returns Store" });
    times.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  for (const result of await hostile) expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining("was stopped") } });
  // The other shop rendered all along, never behind the hostile queue: with every shop in one queue, a render
  // sent just after these waits for 3 rounds of 3 threads stuck to the deadline (450 ms and more).
  expect(times.length).toBeGreaterThan(10);
  expect(Math.max(...times)).toBeLessThan(FAIR_RENDER_BOUND_MS);
}, 30_000);

test("a shop with more renders waiting than its share is told at once that previews are busy; other shops are not", async () => {
  await renderersReady();
  // One slow render on the thread, its queue filled behind it: the next is refused without waiting.
  const running = renderTemplate(SLOW, data, { shop: HOSTILE_SHOP, html: true });
  const queued = Array.from({ length: RENDER_SHARE.queuedPerShop }, () => renderTemplate("{{ shop.name }}", data, { shop: HOSTILE_SHOP, html: true }));
  const started = performance.now();
  expect(await renderTemplate("{{ shop.name }}", data, { shop: HOSTILE_SHOP, html: true })).toEqual({ ok: false, error: { message: RENDERS_BUSY, line: null, column: null } });
  expect(performance.now() - started).toBeLessThan(RENDER_LIMITS.deadlineMs);
  expect(await renderTemplate("{{ shop.name }}", data, { shop: SHOP, html: true })).toMatchObject({ ok: true });
  // The queued ones are served in turn once the slow one is stopped.
  expect(await running).toMatchObject({ ok: false });
  for (const result of await Promise.all(queued)) expect(result).toMatchObject({ ok: true, output: "Demo Returns Store" });
}, 30_000);
