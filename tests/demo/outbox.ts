import type http from "node:http";
import type { CapturedMail } from "../mocks/smtp";

/**
 * The demo's "Outbox": every email the app sent (to SEKO or as a test to the
 * merchant), and the simulated SEKO's status emails to customers
 * (tests/mocks/seko-status-emails.ts), as the local SMTP capture received it, served by the simulated
 * admin at /outbox. Opened from the step pages' "Test sent" message in the
 * demo; the email's HTML is shown in a sandboxed frame (no scripts).
 */
const escape = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function page(title: string, body: string) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} · Outbox (demo)</title>
<style>body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;margin:24px;color:#202223}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e3e3}iframe{width:100%;height:640px;border:1px solid #e3e3e3}pre{white-space:pre-wrap;background:#f6f6f7;padding:12px}</style>
</head><body>${body}</body></html>`;
}

export function outbox(pathname: string, messages: readonly CapturedMail[], response: http.ServerResponse) {
  const send = (status: number, html: string) => {
    response.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    response.end(html);
  };
  const match = /^\/outbox\/(\d+)$/.exec(pathname);
  if (match) {
    const mail = messages[Number(match[1])];
    if (!mail) return send(404, page("Not found", `<p>No such email. <a href="/outbox">Back to the outbox</a></p>`));
    const body = mail.html ? `<h2>HTML</h2><iframe title="Email" sandbox="" srcdoc="${escape(mail.html)}"></iframe>` : "";
    return send(
      200,
      page(
        mail.subject,
        `<p><a href="/outbox">← Outbox</a></p><h1>${escape(mail.subject)}</h1>
<p>From ${escape(mail.from)} to ${escape(mail.to.join(", "))} · ${mail.receivedAt.toISOString()}</p>${body}
<h2>Plain text</h2><pre>${escape(mail.text)}</pre>${mail.attachments.map((attachment) => `<p>Attachment: ${escape(attachment.filename)} (${escape(attachment.contentType)})</p>`).join("")}`,
      ),
    );
  }
  const rows = messages
    .map((mail, index) => ({ mail, index }))
    .reverse()
    .map(
      ({ mail, index }) => `<tr><td>${mail.receivedAt.toISOString()}</td><td>${escape(mail.to.join(", "))}</td><td><a href="/outbox/${index}">${escape(mail.subject || "(no subject)")}</a></td></tr>`,
    )
    .join("");
  return send(
    200,
    page(
      "Outbox",
      `<h1>Outbox (demo)</h1><p>Every email sent in this demo, as the local mail server received it: the app's (to SEKO, and tests to you) and the simulated SEKO's status emails to customers of live returns. Nothing leaves this machine.</p>
${messages.length ? `<table><thead><tr><th>Sent</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>` : "<p>Nothing sent yet.</p>"}`,
    ),
  );
}
