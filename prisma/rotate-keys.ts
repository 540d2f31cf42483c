/**
 * `npm run rotate-keys`: re-encrypts every secret still under ENCRYPTION_KEY_PREVIOUS under
 * ENCRYPTION_KEY, printing its progress table by table, then checks that nothing is left under
 * another key (app/utils/key-rotation.server.ts). Safe while the app runs (each row is written only
 * if it still holds what was read), safe to run again, and it resumes where a stopped run left off.
 * Exits with 0 once every secret is under ENCRYPTION_KEY (ENCRYPTION_KEY_PREVIOUS can then be
 * removed), 1 otherwise. Reads `.env` when there is one (variables already set win). The rotation
 * procedure: docs/security.md.
 */
import fs from "node:fs";

if (fs.existsSync(".env")) process.loadEnvFile(".env");
const { progressLine, rotateEncryptionKey } = await import("../app/utils/key-rotation.server");

try {
  console.log("Re-encrypting secrets under ENCRYPTION_KEY");
  const report = await rotateEncryptionKey({ onProgress: (progress) => console.log(`  ${progressLine(progress)}`) });
  const unreadable = report.tables.flatMap((table) => table.unreadable);
  for (const value of unreadable) console.log(`  unreadable with ENCRYPTION_KEY and ENCRYPTION_KEY_PREVIOUS: ${value}`);
  if (report.remaining === 0) {
    console.log("Done: every secret is under ENCRYPTION_KEY. ENCRYPTION_KEY_PREVIOUS can be removed.");
    process.exit(0);
  }
  console.log(`${report.remaining} value(s) are not under ENCRYPTION_KEY yet: keep ENCRYPTION_KEY_PREVIOUS and run this again.`);
  process.exit(1);
} catch (error) {
  console.error(`Key rotation stopped: ${error instanceof Error ? error.message : String(error)}. Run it again to resume.`);
  process.exit(1);
}
