import { describe, expect, test } from "vitest";
import { AA_TEXT, contrastRatio, parseHexColour } from "./contrast";
import { defaultForm } from "./defaults";
import { buildFromForm, EMAIL_COLOURS, FOOTER_OPACITY } from "./layout";
import { readabilityProblems, templateReadability, testSendRefusal } from "./readability";

const form = (colours: { textColour?: string; buttonColour?: string; buttonLabel?: string } = {}) => ({ ...defaultForm("label-email", "default", {}), ...colours });

describe("the colour pairs of the email the form writes", () => {
  test("the app's own colours and the fallbacks are readable, in light and dark mode", () => {
    expect(readabilityProblems(form(), "branding")).toEqual([]);
    expect(readabilityProblems(form({ textColour: "#111111", buttonColour: "#0a7d55" }), "form")).toEqual([]);
    const dark = contrastRatio(parseHexColour(EMAIL_COLOURS.darkText)!, parseHexColour(EMAIL_COLOURS.darkCard)!);
    expect(dark).toBeGreaterThanOrEqual(AA_TEXT);
  });

  test("the colours checked are the ones the layout draws with", () => {
    const html = buildFromForm(form({ textColour: "#123456", buttonColour: "#654321" })).html;
    expect(html).toContain(`color:#123456;background:${EMAIL_COLOURS.card}`);
    expect(html).toContain(`background:#654321;color:${EMAIL_COLOURS.buttonText}`);
    expect(html).toContain(`font-size:13px;opacity:${FOOTER_OPACITY}`);
  });

  test("white text on the white card: 1:1, the text colour named with where to change it", () => {
    expect(readabilityProblems(form({ textColour: "#FFFFFF" }), "branding")).toEqual([
      {
        field: "textColour",
        message: "Text colour #FFFFFF on the background #FFFFFF has a contrast of 1:1; WCAG AA asks for 4.5:1. Change the text colour in step 1's Branding section, or in this email's form.",
      },
    ]);
    expect(readabilityProblems(form({ textColour: "#ffffff" }), "form")[0]!.message).toMatch(/Change the text colour in this email's form\.$/);
  });

  test("#777777 text just fails (4.47:1)", () => {
    expect(readabilityProblems(form({ textColour: "#777777" }), "form")).toEqual([
      { field: "textColour", message: "Text colour #777777 on the background #FFFFFF has a contrast of 4.47:1; WCAG AA asks for 4.5:1. Change the text colour in this email's form." },
    ]);
  });

  test("the footer and its link show the text colour at 75% opacity: a text colour that passes on its own can fail there", () => {
    expect(readabilityProblems(form({ textColour: "#666666" }), "form")).toEqual([
      {
        field: "textColour",
        message:
          "The footer shows the text colour #666666 at 75% opacity (#8C8C8C); on the background #FFFFFF it has a contrast of 3.35:1; WCAG AA asks for 4.5:1. Change the text colour to a darker one in this email's form.",
      },
    ]);
    expect(readabilityProblems(form({ textColour: "#444444" }), "form")).toEqual([]);
  });

  test("the button's white label on a light button colour (16px bold is not large text: 4.5:1)", () => {
    expect(readabilityProblems(form({ buttonColour: "#FFD700" }), "branding")).toEqual([
      {
        field: "buttonColour",
        message: "Button text #FFFFFF on the button colour #FFD700 has a contrast of 1.4:1; WCAG AA asks for 4.5:1. Change the button colour in step 1's Branding section, or in this email's form.",
      },
    ]);
    // 3.0:1 would do for large text, not for the label.
    expect(readabilityProblems(form({ buttonColour: "#E07000" }), "form").map((problem) => problem.field)).toEqual(["buttonColour"]);
    // No button, no label to read.
    expect(readabilityProblems(form({ buttonColour: "#FFD700", buttonLabel: "" }), "form")).toEqual([]);
  });

  test("both colours wrong: both named", () => {
    expect(readabilityProblems(form({ textColour: "#FFFFFF", buttonColour: "#FFFFFF" }), "form").map((problem) => problem.field)).toEqual(["textColour", "buttonColour"]);
  });
});

describe("templateReadability", () => {
  const unreadable = form({ textColour: "#FFFFFF" });

  test("the app's default email points to step 1's branding; a saved one to its own form", () => {
    expect(templateReadability({ mode: "form", form: unreadable, origin: "built-in" })[0]!.message).toContain("step 1's Branding section");
    expect(templateReadability({ mode: "form", form: unreadable, origin: "own" })[0]!.message).not.toContain("step 1");
    expect(templateReadability({ mode: "form", form: unreadable })[0]!.message).toContain("in this email's form");
  });

  test("an email written as HTML has no colours the app knows: not checked", () => {
    expect(templateReadability({ mode: "raw", form: null, origin: "own" })).toEqual([]);
    expect(templateReadability({ mode: "raw", form: unreadable, origin: "own" })).toEqual([]);
  });
});

describe("a test send of an email customers cannot read", () => {
  test("refused with the colour to change; a readable email or one written in HTML is sent", () => {
    expect(testSendRefusal({ mode: "form", form: form({ textColour: "#FFFFFF" }) })).toBe(
      "Not sent: customers could not read this email. Text colour #FFFFFF on the background #FFFFFF has a contrast of 1:1; WCAG AA asks for 4.5:1. Change the text colour in this email's form.",
    );
    expect(testSendRefusal({ mode: "form", form: form() })).toBeNull();
    expect(testSendRefusal({ mode: "raw", form: null })).toBeNull();
  });
});
