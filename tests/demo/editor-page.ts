import type http from "node:http";

/** What the simulated admin's editors (./theme-editor.ts, ./accounts-editor.ts) share: escaping, form bodies, their look. */
export function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** An urlencoded form body, at most 16 kB (the editors' forms are a few fields). */
export async function readForm(request: http.IncomingMessage) {
  let raw = "";
  for await (const chunk of request) {
    raw += String(chunk);
    if (raw.length > 16_384) throw new Error("form too large");
  }
  return new URLSearchParams(raw);
}

/** An editor's frame: a dark top bar with Exit and Save, a sidebar of panels, a preview. Plain CSS, nothing fetched. */
export const editorStyles = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#303030;background:#f1f1f1;height:100vh;display:flex;flex-direction:column}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.topbar{display:flex;align-items:center;gap:12px;padding:8px 12px;background:#1a1a1a;color:#fff}
.topbar h1{font-size:14px;margin:0;flex:1;display:flex;gap:8px;align-items:center}
.topbar a.exit{color:#fff;text-decoration:none;padding:6px 10px;border-radius:8px;background:#303030}
.topbar label{font-size:12px;color:#ccc}
.template-picker{display:flex;gap:6px;align-items:center}
.badge{font-size:12px;font-weight:500;padding:2px 8px;border-radius:8px;background:#cdfee1;color:#0c5132}
.badge.demo{background:#ffd79d;color:#4f2f00}
.unsaved{font-size:12px;color:#ffd79d;min-width:110px;text-align:right}
button{font:inherit;padding:6px 12px;border-radius:8px;border:1px solid #8a8a8a;background:#fff;color:#303030;cursor:pointer}
button.primary{background:#303030;color:#fff;border-color:#000}
.topbar button.primary{background:#fff;color:#1a1a1a}
button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible{outline:2px solid #005bd3;outline-offset:2px}
.notice{margin:0;padding:8px 12px;background:#fff1e3;color:#5e4200;border-bottom:1px solid #ffd79d}
.workspace{flex:1;display:grid;grid-template-columns:320px 1fr;min-height:0}
.sidebar{background:#fff;border-right:1px solid #e3e3e3;overflow:auto;padding:12px}
.sidebar h2{font-size:13px;margin:12px 0 8px}
.tabs{display:flex;gap:4px}
.tabs button{border:0;background:transparent}
.tabs button[aria-pressed="true"]{background:#ebebeb;font-weight:600}
.outline{list-style:none;margin:0;padding:0}
.outline>li{padding:8px;border-radius:8px;border:1px solid #ebebeb;margin-bottom:6px}
.outline ul{margin:4px 0 0;padding-left:18px;color:#616161}
.section-name{font-weight:600}
.app-block,.embed{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin-top:6px;padding:8px;border-radius:8px;background:#f7f7f7}
.embed{justify-content:space-between}
.note{margin:4px 0 0;font-size:12px;color:#616161;flex-basis:100%}
.embed .note{display:block}
input[role="switch"]{appearance:none;width:36px;height:20px;border-radius:10px;background:#b5b5b5;position:relative;cursor:pointer;margin:0}
input[role="switch"]::after{content:"";position:absolute;top:2px;left:2px;width:16px;height:16px;border-radius:50%;background:#fff;transition:left .15s}
input[role="switch"]:checked{background:#303030}
input[role="switch"]:checked::after{left:18px}
.shortcut{margin-top:16px;border-top:1px solid #ebebeb;padding-top:12px}
.preview{overflow:auto;padding:24px;display:flex;justify-content:center}
.pv-page{position:relative;width:100%;max-width:760px;min-height:480px;background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.15);overflow:hidden}
.pv-header,.pv-footer{padding:16px;background:#fafafa;color:#616161;font-weight:600}
.pv-footer{margin-top:24px}
.pv-section{margin:16px;padding:24px;border:1px dashed #c9c9c9;border-radius:8px;color:#8a8a8a;text-align:center}
.pv-apps{border-color:#005bd3}
.pv-button{display:inline-block;padding:10px 18px;border-radius:6px;background:#303030;color:#fff;text-decoration:none}
.pv-embed{position:absolute;right:16px;bottom:16px;padding:8px 14px;border-radius:20px;background:#303030;color:#fff;font-size:13px}
[hidden]{display:none!important}
`;
