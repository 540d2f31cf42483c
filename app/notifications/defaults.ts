/**
 * The default templates: the label email and one email per tracking status,
 * branded from the step-1 answers, in English with variants for the shop's
 * published languages. A locale without its own wording falls back to its
 * language ("fr-CA" → "fr"), then to English. Pure.
 */
import type { TemplateForm } from "./layout";
import { TRACKING_STATUSES, type TrackingStatusCode } from "./statuses";

export type TemplateKind = "label-email" | TrackingStatusCode;

export type Branding = { logoUrl?: string; buttonColour?: string; textColour?: string };

type Wording = { subject: string; heading: string; body: string; button: string };
type Catalogue = { label: Wording; status: Wording };

const WORDING: Record<string, Catalogue> = {
  en: {
    label: {
      subject: "Your return label for order {{ order.name }}",
      heading: "Your return label is ready",
      body: "Hi {{ customer.first_name }},\n\nThanks for starting your return of order {{ order.name }}. Print the label, attach it to your parcel and drop it off with the carrier.\n\nYour return reference is {{ return.reference }}.",
      button: "Download your label",
    },
    status: {
      subject: "Your return {{ return.reference }}: {{ return.status_label }}",
      heading: "{{ return.status_label }}",
      body: "Hi {{ customer.first_name }},\n\nYour return for order {{ order.name }} has a new status: {{ return.status_label }} ({{ return.status_date | date: '%-d %B %Y' }}).",
      button: "Follow your return",
    },
  },
  fr: {
    label: {
      subject: "Votre étiquette de retour pour la commande {{ order.name }}",
      heading: "Votre étiquette de retour est prête",
      body: "Bonjour {{ customer.first_name }},\n\nMerci d'avoir demandé le retour de la commande {{ order.name }}. Imprimez l'étiquette, collez-la sur votre colis et déposez-le chez le transporteur.\n\nVotre référence de retour est {{ return.reference }}.",
      button: "Télécharger l'étiquette",
    },
    status: {
      subject: "Votre retour {{ return.reference }} : {{ return.status_label }}",
      heading: "{{ return.status_label }}",
      body: "Bonjour {{ customer.first_name }},\n\nVotre retour de la commande {{ order.name }} a un nouveau statut : {{ return.status_label }} ({{ return.status_date | date: '%d/%m/%Y' }}).",
      button: "Suivre votre retour",
    },
  },
  de: {
    label: {
      subject: "Ihr Rücksendeetikett für Bestellung {{ order.name }}",
      heading: "Ihr Rücksendeetikett ist bereit",
      body: "Hallo {{ customer.first_name }},\n\ndanke, dass Sie die Rücksendung der Bestellung {{ order.name }} gestartet haben. Drucken Sie das Etikett aus, kleben Sie es auf Ihr Paket und geben Sie es beim Versanddienst ab.\n\nIhre Rücksendenummer lautet {{ return.reference }}.",
      button: "Etikett herunterladen",
    },
    status: {
      subject: "Ihre Rücksendung {{ return.reference }}: {{ return.status_label }}",
      heading: "{{ return.status_label }}",
      body: "Hallo {{ customer.first_name }},\n\nIhre Rücksendung zur Bestellung {{ order.name }} hat einen neuen Status: {{ return.status_label }} ({{ return.status_date | date: '%d.%m.%Y' }}).",
      button: "Rücksendung verfolgen",
    },
  },
  es: {
    label: {
      subject: "Tu etiqueta de devolución del pedido {{ order.name }}",
      heading: "Tu etiqueta de devolución está lista",
      body: "Hola {{ customer.first_name }}:\n\nGracias por iniciar la devolución del pedido {{ order.name }}. Imprime la etiqueta, pégala en el paquete y entrégalo al transportista.\n\nTu referencia de devolución es {{ return.reference }}.",
      button: "Descargar la etiqueta",
    },
    status: {
      subject: "Tu devolución {{ return.reference }}: {{ return.status_label }}",
      heading: "{{ return.status_label }}",
      body: "Hola {{ customer.first_name }}:\n\nTu devolución del pedido {{ order.name }} tiene un nuevo estado: {{ return.status_label }} ({{ return.status_date | date: '%d/%m/%Y' }}).",
      button: "Seguir tu devolución",
    },
  },
};

export const DEFAULT_LOCALE = "default";

/** The wording used for a locale: its own, its language's, or English. */
export function wordingLocale(locale: string): string {
  if (locale === DEFAULT_LOCALE) return "en";
  const language = locale.toLowerCase().split("-")[0]!;
  return WORDING[locale.toLowerCase()] ? locale.toLowerCase() : WORDING[language] ? language : "en";
}

/** Locales the app has its own default wording for (others fall back to English). */
export const TRANSLATED_LOCALES = Object.keys(WORDING);

const FALLBACK_BUTTON = "#1a1a1a";
const FALLBACK_TEXT = "#202223";
const colour = (value: string | undefined, fallback: string) => (value && /^#[0-9a-fA-F]{6}$/.test(value) ? value : fallback);

export function defaultForm(kind: TemplateKind, locale: string, branding: Branding): TemplateForm {
  const catalogue = WORDING[wordingLocale(locale)]!;
  const wording = kind === "label-email" ? catalogue.label : catalogue.status;
  return {
    subject: wording.subject,
    heading: wording.heading,
    body: wording.body,
    buttonLabel: wording.button,
    buttonUrl: kind === "label-email" ? "return.label_url" : "return.tracking_url",
    buttonColour: colour(branding.buttonColour, FALLBACK_BUTTON),
    textColour: colour(branding.textColour, FALLBACK_TEXT),
    logoUrl: branding.logoUrl?.startsWith("https://") ? branding.logoUrl : "",
    showItems: kind === "label-email" || kind === "RC",
  };
}

/**
 * The shop's published languages from the step-1 answer ("English (en), French (fr)")
 * or a list of codes: the locales the templates have variants for.
 */
export function publishedLocales(answer: unknown): string[] {
  if (typeof answer !== "string") return [];
  const codes = [...answer.matchAll(/\(([a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,4})?)\)/g)].map((match) => match[1]!);
  return [...new Set(codes)];
}

export function statusLabel(kind: TemplateKind) {
  return kind === "label-email" ? "Return label email" : (TRACKING_STATUSES.find((status) => status.code === kind)?.label ?? kind);
}
