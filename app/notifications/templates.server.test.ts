import { afterAll, expect, test } from "vitest";
import { DEMO_SHOP } from "#tests/setup/config";
import { db } from "~/utils/db.server";
import { buildFromForm } from "./layout";
import { defaultForm, publishedLocales } from "./defaults";
import { stopRenderers } from "./renderer.server";
import { sampleData } from "./sample";
import { getTemplate, listVersions, renderEmail, restoreVersion, saveTemplate, type TemplateInput, type TemplateKey } from "./templates.server";
import { TRACKING_STATUSES } from "./statuses";

afterAll(() => stopRenderers());

const shop = { name: "Demo Returns Store", email: "help@demo.test", url: "https://demo.test", portalUrl: "https://returns.demo.test" };
const sample = sampleData(shop);
const branding = { logoUrl: "https://cdn.demo.test/logo.png", buttonColour: "#0a7d55", textColour: "#111111" };
const GB: TemplateKey = { kind: "label-email", scope: "GB", locale: "default" };

function raw(subject: string, html: string): TemplateInput {
  return { subject, html, text: "Plain {{ shop.name }}", mode: "raw", form: null, enabled: true };
}

test("every default template renders cleanly with no edits, in every translated language and a fallback one", async () => {
  for (const kind of ["label-email", ...TRACKING_STATUSES.map((status) => status.code)] as const) {
    for (const locale of ["default", "fr", "de-CH", "es", "pt-BR"]) {
      const template = await getTemplate(DEMO_SHOP, { kind, scope: "AU", locale }, branding);
      expect(template.origin).toBe("built-in");
      const rendered = await renderEmail(DEMO_SHOP, template, sample);
      expect(rendered.ok, `${kind} ${locale}`).toBe(true);
      if (!rendered.ok) continue;
      expect(rendered.email.html).toContain("#0a7d55");
      expect(rendered.email.html).toContain(`src="https://cdn.demo.test/logo.png"`);
      expect(rendered.email.html).not.toMatch(/\{\{|\{%/);
      expect(rendered.email.text).toContain("Demo Returns Store");
    }
  }
  const french = await renderEmail(DEMO_SHOP, await getTemplate(DEMO_SHOP, { kind: "label-email", scope: "FR", locale: "fr-CA" }, branding), sample);
  expect(french.ok && french.email.subject).toBe("Votre étiquette de retour pour la commande #1001");
  const portuguese = await renderEmail(DEMO_SHOP, await getTemplate(DEMO_SHOP, { kind: "label-email", scope: "FR", locale: "pt-BR" }, branding), sample);
  expect(portuguese.ok && portuguese.email.subject).toBe("Your return label for order #1001");
});

test("a country without its own template uses the shop's default, in its locale when there is one", async () => {
  const frenchDefault = buildFromForm({ ...defaultForm("label-email", "fr", branding), subject: "Retour {{ order.name }} (boutique)" });
  expect(await saveTemplate(DEMO_SHOP, { kind: "label-email", scope: "default", locale: "fr" }, { ...frenchDefault, mode: "form", form: null, enabled: true }, "1", sample)).toMatchObject({
    ok: true,
    version: 1,
  });
  const forFrance = await getTemplate(DEMO_SHOP, { kind: "label-email", scope: "FR", locale: "fr" }, branding);
  expect(forFrance).toMatchObject({ origin: "shop-default", subject: "Retour {{ order.name }} (boutique)" });
  // German has no shop template: the app's German default.
  const forGermany = await getTemplate(DEMO_SHOP, { kind: "label-email", scope: "DE", locale: "de" }, branding);
  expect(forGermany).toMatchObject({ origin: "built-in", subject: "Ihr Rücksendeetikett für Bestellung {{ order.name }}" });
  // Another shop sees none of it.
  const other = await getTemplate("other-shop.myshopify.com", { kind: "label-email", scope: "FR", locale: "fr" }, branding);
  expect(other.origin).toBe("built-in");
});

test("every save is a version; a template that does not render is never saved over a good one; restore makes an old version the newest", async () => {
  expect(await saveTemplate(DEMO_SHOP, GB, raw("First {{ order.name }}", "<p>One</p>"), "1", sample)).toEqual({ ok: true, version: 1 });
  expect(await saveTemplate(DEMO_SHOP, GB, raw("Second", "<p>Two</p>"), "2", sample)).toEqual({ ok: true, version: 2 });
  const broken = await saveTemplate(DEMO_SHOP, GB, raw("Third", "<p>\n{% for item in return.items %}{{ item.price }}{% endfor %}</p>"), "2", sample);
  expect(broken).toEqual({ ok: false, problems: { html: [{ message: expect.stringContaining("item.price"), line: 2, column: 34 }] } });
  const hostile = await saveTemplate(
    DEMO_SHOP,
    GB,
    raw("Fourth", "{% assign s = 'abcdefghij' %}{% for i in (1..17) %}{% assign s = s | append: s %}{% endfor %}{{ s | split: '' | sort | size }}"),
    "2",
    sample,
  );
  expect(hostile.ok).toBe(false);
  expect((await getTemplate(DEMO_SHOP, GB, branding)).html).toBe("<p>Two</p>");

  const versions = await listVersions(DEMO_SHOP, GB);
  expect(versions.map((version) => [version.version, version.subject, version.savedBy])).toEqual([
    [2, "Second", "2"],
    [1, "First {{ order.name }}", "1"],
  ]);
  expect(await restoreVersion(DEMO_SHOP, versions[1]!.id, "3", sample)).toEqual({ ok: true, version: 3 });
  expect(await getTemplate(DEMO_SHOP, GB, branding)).toMatchObject({ version: 3, subject: "First {{ order.name }}", restoredFrom: 1, origin: "own" });
  // Another shop cannot restore this shop's version.
  expect(await restoreVersion("other-shop.myshopify.com", versions[0]!.id, "3", sample)).toBeNull();
  expect(await db.notificationTemplate.count({ where: { shop: DEMO_SHOP, kind: "label-email", scope: "GB" } })).toBe(3);
});

test("the shop's published languages are read from the step-1 answer", () => {
  expect(publishedLocales("English (en), French (fr), Portuguese (Brazil) (pt-BR)")).toEqual(["en", "fr", "pt-BR"]);
  expect(publishedLocales(undefined)).toEqual([]);
});
