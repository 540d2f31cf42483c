/**
 * Whether the customer can read an email the form writes (layout.ts): every
 * colour pair the layout draws with the merchant's two colours, against
 * WCAG AA's minimum for its text size (contrast.ts). An email that fails is
 * not "rendering": steps 7 and 8 say which colour to change, Save refuses it
 * and the hand-over to SEKO is refused. Pure.
 *
 * The pairs (light mode; the dark-mode colours are the layout's own):
 * - the text colour on the card: the message at 16px, so AA_TEXT. The
 *   heading (22px bold, large text) and the item rows use the same pair, so
 *   this check covers them;
 * - the footer and its link: the text colour at FOOTER_OPACITY over the card,
 *   at 13px, so AA_TEXT on the colour the reader actually sees;
 * - the button's label (EMAIL_COLOURS.buttonText) on the button colour: 16px
 *   bold is not large text (that starts at 18.66px bold), so AA_TEXT. The
 *   button against the card (3:1 for controls) is the same ratio, as the
 *   label and the card share their colour.
 */
import { AA_TEXT, blend, contrastRatio, formatRatio, parseHexColour, toHex } from "./contrast";
import { EMAIL_COLOURS, FOOTER_OPACITY, type TemplateForm } from "./layout";

export type ColourField = "textColour" | "buttonColour";

export type ReadabilityProblem = { field: ColourField; message: string };

/** Where the merchant changes the colour: "branding" when the email is the app's default, branded from step 1. */
export type ColourSource = "branding" | "form";

const FIELD_NAME: Record<ColourField, string> = { textColour: "text colour", buttonColour: "button colour" };

function where(field: ColourField, source: ColourSource, darker = false) {
  const change = `Change the ${FIELD_NAME[field]}${darker ? " to a darker one" : ""}`;
  return source === "branding" ? `${change} in step 1's Branding section, or in this email's form.` : `${change} in this email's form.`;
}

function shortfall(ratio: number, required: number) {
  return `has a contrast of ${formatRatio(ratio)}:1; WCAG AA asks for ${formatRatio(required)}:1.`;
}

/** The colour pairs of the form's email that customers cannot read, each with the colour to change. Empty when it is readable. */
export function readabilityProblems(form: Pick<TemplateForm, "textColour" | "buttonColour" | "buttonLabel">, source: ColourSource): ReadabilityProblem[] {
  const problems: ReadabilityProblem[] = [];
  const card = parseHexColour(EMAIL_COLOURS.card)!;
  const text = parseHexColour(form.textColour);
  if (text) {
    const body = contrastRatio(text, card);
    const seen = blend(text, card, FOOTER_OPACITY);
    const footer = contrastRatio(seen, card);
    if (body < AA_TEXT) {
      problems.push({ field: "textColour", message: `Text colour ${toHex(text)} on the background ${toHex(card)} ${shortfall(body, AA_TEXT)} ${where("textColour", source)}` });
    } else if (footer < AA_TEXT) {
      problems.push({
        field: "textColour",
        message: `The footer shows the text colour ${toHex(text)} at ${FOOTER_OPACITY * 100}% opacity (${toHex(seen)}); on the background ${toHex(card)} it ${shortfall(footer, AA_TEXT)} ${where("textColour", source, true)}`,
      });
    }
  }
  const button = parseHexColour(form.buttonColour);
  if (button && form.buttonLabel.trim()) {
    const label = parseHexColour(EMAIL_COLOURS.buttonText)!;
    const ratio = contrastRatio(label, button);
    if (ratio < AA_TEXT) {
      problems.push({ field: "buttonColour", message: `Button text ${toHex(label)} on the button colour ${toHex(button)} ${shortfall(ratio, AA_TEXT)} ${where("buttonColour", source)}` });
    }
  }
  return problems;
}

/** The readability problems of a stored or built-in template: only an email written by the form has colours the app knows. */
export function templateReadability(template: { mode: "form" | "raw"; form: TemplateForm | null; origin?: "own" | "shop-default" | "built-in" }): ReadabilityProblem[] {
  if (template.mode !== "form" || !template.form) return [];
  return readabilityProblems(template.form, template.origin === "built-in" ? "branding" : "form");
}

/**
 * Why "Send a test to me" does not send the email: customers could not read it, and a test
 * that looks fine in a mail client with its own colours would hide that. Null when it is readable.
 */
export function testSendRefusal(template: Parameters<typeof templateReadability>[0]): string | null {
  const problems = templateReadability(template);
  return problems.length ? `Not sent: customers could not read this email. ${problems.map((problem) => problem.message).join(" ")}` : null;
}
