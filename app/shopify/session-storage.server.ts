import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { PrismaClient } from "@prisma/client";
import { decrypt, encrypt, isEncrypted } from "~/utils/crypto.server";

/**
 * Shopify's Prisma session storage, with the access and refresh tokens
 * encrypted before they reach the database (docs/security.md). Rows written
 * before encryption was introduced still load: plaintext is passed through and
 * encrypted on the next store.
 */
export class EncryptedSessionStorage implements SessionStorage {
  private readonly inner: PrismaSessionStorage<PrismaClient>;

  constructor(prisma: PrismaClient) {
    this.inner = new PrismaSessionStorage(prisma);
  }

  async storeSession(session: Session): Promise<boolean> {
    const copy = new Session(session.toObject());
    if (copy.accessToken) copy.accessToken = encrypt(copy.accessToken);
    if (copy.refreshToken) copy.refreshToken = encrypt(copy.refreshToken);
    return this.inner.storeSession(copy);
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const session = await this.inner.loadSession(id);
    return session ? reveal(session) : undefined;
  }

  deleteSession(id: string) {
    return this.inner.deleteSession(id);
  }

  deleteSessions(ids: string[]) {
    return this.inner.deleteSessions(ids);
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    return (await this.inner.findSessionsByShop(shop)).map(reveal);
  }
}

function reveal(session: Session): Session {
  if (session.accessToken && isEncrypted(session.accessToken)) session.accessToken = decrypt(session.accessToken);
  if (session.refreshToken && isEncrypted(session.refreshToken)) session.refreshToken = decrypt(session.refreshToken);
  return session;
}
