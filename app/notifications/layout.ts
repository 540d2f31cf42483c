/**
 * The structured editing mode: a few fields (subject, heading, body text,
 * button, colours and logo from the step-1 branding) written out as a Liquid
 * template, HTML and plain text. Pure; the fields are validated with zod
 * before they get here (templateFormSchema).
 */
import { z } from "zod";

export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

export const templateFormSchema = z.object({
  subject: z.string().trim().min(1, "Enter a subject").max(200),
  heading: z.string().trim().min(1, "Enter a heading").max(200),
  body: z.string().trim().min(1, "Enter the message").max(5000),
  buttonLabel: z.string().trim().max(60),
  /** The Liquid variable the button links to (a published URL variable). */
  buttonUrl: z.enum(["return.label_url", "return.tracking_url", "portal_url"]),
  buttonColour: z.string().regex(HEX_COLOUR, "Use a colour like #1a1a1a"),
  textColour: z.string().regex(HEX_COLOUR, "Use a colour like #1a1a1a"),
  logoUrl: z.union([z.literal(""), z.string().url("Enter the logo's full address (https://…)").startsWith("https://", "The logo must be on https")]),
  /** Whether the email lists the returned items. */
  showItems: z.boolean(),
});

export type TemplateForm = z.infer<typeof templateFormSchema>;

/**
 * The colours the layout sets itself, around the merchant's two: the card the
 * text sits on, the button's label, and the dark-mode pair. The footer (shop
 * name, link, email) is the text colour at FOOTER_OPACITY. readability.ts
 * checks the merchant's colours against these.
 */
export const EMAIL_COLOURS = { page: "#f4f4f4", card: "#ffffff", buttonText: "#ffffff", darkPage: "#121212", darkCard: "#1e1e1e", darkText: "#e8e8e8" } as const;
export const FOOTER_OPACITY = 0.75;

export type TemplateSource = { subject: string; html: string; text: string };

const LIQUID = /(\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\})/g;

/** Text typed in a field, for HTML: Liquid left as Liquid (its output is escaped when rendered), the rest escaped now. */
export function textToHtml(text: string) {
  return text
    .split(LIQUID)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")))
    .join("");
}

function attribute(value: string) {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** The form's fields written as a responsive HTML email (light and dark) and its plain-text twin. */
export function buildFromForm(form: TemplateForm): TemplateSource {
  const paragraphs = form.body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  const logo = form.logoUrl
    ? `<img src="${attribute(form.logoUrl)}" alt="{{ shop.name }}" height="40" style="height:40px;max-width:200px;border:0">`
    : `<span style="font-size:20px;font-weight:bold">{{ shop.name }}</span>`;
  const items = form.showItems
    ? `
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:16px 0;border-top:1px solid #e3e3e3">
          {% for item in return.items %}
          <tr>
            <td width="56" style="padding:8px 0">{% if item.image %}<img src="{{ item.image }}" alt="" width="48" height="48" style="border-radius:4px;object-fit:cover">{% endif %}</td>
            <td style="padding:8px 0">{{ item.title }}</td>
            <td align="right" style="padding:8px 0">× {{ item.quantity }}</td>
          </tr>
          {% endfor %}
        </table>`
    : "";
  const button = form.buttonLabel
    ? `
        <p style="margin:24px 0"><a class="button" href="{{ ${form.buttonUrl} }}" style="display:inline-block;padding:12px 24px;border-radius:6px;background:${form.buttonColour};color:${EMAIL_COLOURS.buttonText};text-decoration:none;font-weight:bold">${textToHtml(form.buttonLabel)}</a></p>`
    : "";
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <meta name="supported-color-schemes" content="light dark">
  <title>${textToHtml(form.subject)}</title>
  <style>
    body { margin: 0; background: ${EMAIL_COLOURS.page}; }
    .card { background: ${EMAIL_COLOURS.card}; color: ${form.textColour}; }
    @media (max-width: 620px) { .card { padding: 20px !important; } .outer { padding: 0 !important; } }
    @media (prefers-color-scheme: dark) {
      body, .outer { background: ${EMAIL_COLOURS.darkPage} !important; }
      .card { background: ${EMAIL_COLOURS.darkCard} !important; color: ${EMAIL_COLOURS.darkText} !important; }
    }
  </style>
</head>
<body>
  <table role="presentation" class="outer" width="100%" cellpadding="0" cellspacing="0" style="padding:24px 12px;background:${EMAIL_COLOURS.page}">
    <tr><td align="center">
      <table role="presentation" class="card" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;padding:32px;border-radius:8px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.5;color:${form.textColour};background:${EMAIL_COLOURS.card}">
        <tr><td>
        <p style="margin:0 0 24px">${logo}</p>
        <h1 style="font-size:22px;margin:0 0 16px">${textToHtml(form.heading)}</h1>
        ${paragraphs.map((paragraph) => `<p style="margin:0 0 12px">${textToHtml(paragraph).replace(/\n/g, "<br>")}</p>`).join("\n        ")}${button}${items}
        <p style="margin:24px 0 0;font-size:13px;opacity:${FOOTER_OPACITY}">{{ shop.name }} · <a href="{{ shop.url }}" style="color:inherit">{{ shop.url }}</a> · {{ shop.email }}</p>
        </td></tr>
      </table>
    </td></tr>
  </table>
</body>
</html>
`;
  const text = [
    form.heading,
    "",
    ...paragraphs.flatMap((paragraph) => [paragraph, ""]),
    ...(form.buttonLabel ? [`${form.buttonLabel}: {{ ${form.buttonUrl} }}`, ""] : []),
    ...(form.showItems ? ["{% for item in return.items %}- {{ item.quantity }} × {{ item.title }}", "{% endfor %}"] : []),
    "{{ shop.name }} · {{ shop.url }} · {{ shop.email }}",
    "",
  ].join("\n");
  return { subject: form.subject, html, text };
}
