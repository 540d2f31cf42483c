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
 *
 * Loads are cached for a few seconds per process: Shopify's library loads the
 * offline session for every webhook, and at 200 order webhooks a second that
 * read and its decryption were a large share of each request
 * (docs/benchmarks.md). Stores and deletes in this process update the cache at
 * once; another instance's refresh is seen within the TTL, and the token it
 * replaced stays valid until its own expiry, so a stale copy still works.
 */
const CACHE_TTL_MS = 5_000;

type CacheEntry = { session: Session; until: number };
const cache = new Map<string, CacheEntry>();

/**
 * Sessions changed with a direct query (uninstall, scope updates, redact)
 * must not be served from the cache: those paths call this.
 */
export function forgetCachedSessions(shop?: string) {
  if (shop === undefined) return cache.clear();
  for (const [id, entry] of cache) if (entry.session.shop === shop) cache.delete(id);
}

export class EncryptedSessionStorage implements SessionStorage {
  private readonly inner: PrismaSessionStorage<PrismaClient>;

  constructor(prisma: PrismaClient) {
    this.inner = new PrismaSessionStorage(prisma);
  }

  async storeSession(session: Session): Promise<boolean> {
    const copy = new Session(session.toObject());
    if (copy.accessToken) copy.accessToken = encrypt(copy.accessToken);
    if (copy.refreshToken) copy.refreshToken = encrypt(copy.refreshToken);
    cache.delete(session.id);
    return this.inner.storeSession(copy);
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const cached = cache.get(id);
    if (cached && cached.until > Date.now()) return new Session(cached.session.toObject());
    const loaded = await this.inner.loadSession(id);
    if (!loaded) return undefined; // never cached: a session stored elsewhere must be found at once
    const session = reveal(loaded);
    cache.set(id, { session: new Session(session.toObject()), until: Date.now() + CACHE_TTL_MS });
    return session;
  }

  deleteSession(id: string) {
    cache.delete(id);
    return this.inner.deleteSession(id);
  }

  deleteSessions(ids: string[]) {
    for (const id of ids) cache.delete(id);
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
