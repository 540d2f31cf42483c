import { Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { databaseDialect, db } from "./db.server";
import { Gate, sqliteConnection, sqlitePath } from "./sqlite.server";

const shared = () => sqliteConnection()!;
const shops = () => db.shop.findMany({ select: { shop: true }, orderBy: { shop: "asc" } }).then((rows) => rows.map((row) => row.shop));

describe("Gate", () => {
  it("lets one holder in at a time, in the order they asked", async () => {
    const gate = new Gate();
    const events: string[] = [];
    let inside = 0;
    const work = (name: string, ms: number) =>
      gate.run(async () => {
        inside++;
        expect(inside).toBe(1);
        events.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        events.push(`${name} out`);
        inside--;
      });
    await Promise.all([work("a", 20), work("b", 1), work("c", 5)]);
    expect(events).toEqual(["a in", "a out", "b in", "b out", "c in", "c out"]);
  });

  it("lets requests waiting for it go before background work that asked earlier", async () => {
    const gate = new Gate();
    const order: string[] = [];
    const holder = await gate.acquire();
    const waiting = [gate.run(() => void order.push("ingest batch"), "background"), gate.run(() => void order.push("webhook 1")), gate.run(() => void order.push("webhook 2"))];
    holder();
    await Promise.all(waiting);
    expect(order).toEqual(["webhook 1", "webhook 2", "ingest batch"]);
  });

  it("never passes background work over more than maxPassed times", async () => {
    const gate = new Gate({ maxPassed: 2 });
    const order: string[] = [];
    const holder = await gate.acquire();
    const waiting = [gate.run(() => void order.push("batch"), "background"), ...["a", "b", "c", "d"].map((name) => gate.run(() => void order.push(name)))];
    holder();
    await Promise.all(waiting);
    expect(order).toEqual(["a", "b", "batch", "c", "d"]);
  });

  it("is released when the work throws", async () => {
    const gate = new Gate();
    await expect(gate.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(gate.run(() => "next")).resolves.toBe("next");
  });
});

// The SQLite writer thread exists only on SQLite; on the Postgres run, Prisma has its own pool.
describe.runIf(databaseDialect() === "sqlite")("the shared SQLite connection", () => {
  it("makes a raw write wait for Prisma's open transaction, without stalling the thread, then applies both", async () => {
    let releaseTx!: () => void;
    const txOpen = new Promise<void>((resolve) => (releaseTx = resolve));
    let inTx!: () => void;
    const started = new Promise<void>((resolve) => (inTx = resolve));
    const transaction = db.$transaction(async (tx) => {
      await tx.shop.create({ data: { shop: "a-store.myshopify.com", scopes: "read_orders" } });
      inTx();
      await txOpen;
    });
    await started;
    const raw = shared().execute({
      sql: `INSERT INTO "Shop" ("shop", "scopes", "installedAt", "updatedAt") VALUES (?, ?, ?, ?)`,
      args: ["b-store.myshopify.com", "", "2026-11-26T00:00:00.000+00:00", "2026-11-26T00:00:00.000+00:00"],
    });
    // The raw write is queued, and the event loop still turns (timers fire) while it waits.
    const tick = await Promise.race([raw.then(() => "raw finished"), new Promise((resolve) => setTimeout(() => resolve("timer fired"), 20))]);
    expect(tick).toBe("timer fired");
    releaseTx();
    await transaction;
    await raw;
    expect(await shops()).toEqual(["a-store.myshopify.com", "b-store.myshopify.com"]);
  });

  it("rolls a raw transaction back when its work throws, and keeps working", async () => {
    await expect(
      shared().transaction(async (tx) => {
        await tx.execute({ sql: `INSERT INTO "Shop" ("shop", "scopes", "installedAt", "updatedAt") VALUES ('gone.myshopify.com', '', '2026-11-26', '2026-11-26')`, args: [] });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await shops()).toEqual([]);
    await db.shop.create({ data: { shop: "kept.myshopify.com", scopes: "" } });
    expect(await shops()).toEqual(["kept.myshopify.com"]);
  });

  it("never lets a transaction continue on a new thread after its own stopped (nothing of it is committed)", async () => {
    const insert = (shop: string) => ({ sql: `INSERT INTO "Shop" ("shop", "scopes", "installedAt", "updatedAt") VALUES (?, '', '2026-11-26', '2026-11-26')`, args: [shop] });
    await expect(
      shared().transaction(async (tx) => {
        await tx.execute(insert("first.myshopify.com"));
        await shared().close(); // the thread, and its connection with the open transaction, goes away
        await tx.execute(insert("second.myshopify.com"));
      }),
    ).rejects.toThrow(/stopped during the transaction/);
    expect(await shops()).toEqual([]);
  });

  it("runs one prepared statement per row and returns what RETURNING gives back", async () => {
    const result = await shared().transaction((tx) =>
      tx.each(`INSERT INTO "Shop" ("shop", "scopes", "installedAt", "updatedAt") VALUES (?, ?, ?, ?) ON CONFLICT ("shop") DO NOTHING RETURNING "shop"`, [
        ["one.myshopify.com", "", "2026-11-26", "2026-11-26"],
        ["two.myshopify.com", "", "2026-11-26", "2026-11-26"],
        ["one.myshopify.com", "", "2026-11-26", "2026-11-26"], // a conflict returns nothing
      ]),
    );
    expect(result.rows.map((row) => row[0])).toEqual(["one.myshopify.com", "two.myshopify.com"]);
    expect(result.rowsAffected).toBe(2);
  });

  const deliveries = () => db.webhookDelivery.findMany({ select: { eventId: true, topic: true }, orderBy: { eventId: "asc" } });
  const insertDeliveries = `INSERT INTO "WebhookDelivery" ("id", "shop", "topic", "eventId", "receivedAt") VALUES (?, 'a.myshopify.com', 'orders/create', ?, '2026-11-26')
    ON CONFLICT ("shop", "topic", "eventId") DO NOTHING RETURNING "id", "eventId"`;

  it("runs steps in one transaction, later steps using the ids an earlier one returned and skipping rows it did not return", async () => {
    await db.webhookDelivery.create({ data: { id: "kept", shop: "a.myshopify.com", topic: "orders/create", eventId: "evt-old" } });
    const results = await shared().steps([
      {
        sql: insertDeliveries,
        rows: [
          ["fresh", "evt-new"],
          ["clash", "evt-old"],
        ],
      },
      // Column 1 holds an event id; it becomes the id step 0 returned for it. Step 0 returned nothing for evt-old, so that row is left out.
      {
        sql: `UPDATE "WebhookDelivery" SET "topic" = ? WHERE "id" = ?`,
        rows: [
          ["orders/updated", "evt-new"],
          ["orders/updated", "evt-old"],
        ],
        lookup: { column: 1, step: 0 },
      },
    ]);
    expect(results[0]!.rows).toEqual([["fresh", "evt-new"]]);
    expect(results[1]!.rowsAffected).toBe(1);
    expect(await deliveries()).toEqual([
      { eventId: "evt-new", topic: "orders/updated" },
      { eventId: "evt-old", topic: "orders/create" },
    ]);
  });

  it("rolls every step back and throws the step's own error when it changes another number of rows than expected", async () => {
    class Lost extends Error {}
    const run = shared().steps([
      { sql: insertDeliveries, rows: [["one", "evt-1"]] },
      { sql: `UPDATE "WebhookDelivery" SET "topic" = 'x' WHERE "eventId" = ?`, args: ["evt-missing"], expect: { changes: 1, otherwise: () => new Lost("lease lost") } },
    ]);
    await expect(run).rejects.toBeInstanceOf(Lost);
    expect(await deliveries()).toEqual([]);
    // A statement's own error is passed on as it is, and the connection stays usable.
    await expect(shared().steps([{ sql: "SELECT * FROM no_such_table" }])).rejects.toThrow(/no such table/);
    await shared().steps([{ sql: insertDeliveries, args: ["two", "evt-2"] }]);
    expect(await deliveries()).toEqual([{ eventId: "evt-2", topic: "orders/create" }]);
  });

  it("reports SQLite's errors as Prisma expects them (a unique violation is P2002) and stays usable", async () => {
    await db.shop.create({ data: { shop: "dup.myshopify.com", scopes: "" } });
    const error = await db.shop.create({ data: { shop: "dup.myshopify.com", scopes: "" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
    await expect(shared().execute("SELECT * FROM no_such_table")).rejects.toThrow(/no such table/);
    expect(await db.shop.count()).toBe(1);
  });
});

describe("sqlitePath", () => {
  it("reads the file from Prisma's file: URLs", () => {
    expect(sqlitePath("file:./prisma/dev.sqlite")).toBe("./prisma/dev.sqlite");
    expect(sqlitePath("file:/var/data/app.sqlite?connection_limit=1")).toBe("/var/data/app.sqlite");
    expect(sqlitePath("file:///var/data/app.sqlite")).toBe("/var/data/app.sqlite");
  });
});
