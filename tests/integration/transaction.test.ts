/**
 * runInTransaction (server/services/transaction.ts): the one place where a use case's writes commit together and
 * concurrent-writer failures become CONFLICT. Real database; the failures are caused, not simulated.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../server/errors";
import { createAccount } from "../../server/services/accounts";
import { serviceContext } from "../../server/services/context";
import { runInTransaction } from "../../server/services/transaction";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, type TestAccount } from "./fixtures";

let database: TestDatabase;
let account: TestAccount;

beforeAll(async () => {
  database = await createTestDatabase();
  account = await createTestAccount(database.db, "tx");
}, 120_000);

afterAll(async () => {
  await database.close();
});

const conflictOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe("runInTransaction", () => {
  it("turns a unique violation into CONFLICT with the use case's own message", async () => {
    const error = await conflictOf(createAccount(database.db, { slug: account.slug, name: "again" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe(`Account ${account.slug} already exists.`);
  });

  it("without a message of its own, a unique violation is a generic, actionable CONFLICT", async () => {
    const ctx = serviceContext(database.db, account.users.admin.actor);
    const error = await conflictOf(
      runInTransaction(ctx, async (tx) => {
        await tx.category.create({ data: { accountId: account.accountId, slug: "dup-slug", name: "One", position: 90 } });
        await tx.category.create({ data: { accountId: account.accountId, slug: "dup-slug", name: "Two", position: 91 } });
      }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/at the same time; reload and try again/);
  });

  it("commits nothing when the use case fails: the first write of a failed transaction is rolled back", async () => {
    const ctx = serviceContext(database.db, account.users.admin.actor);
    await conflictOf(
      runInTransaction(ctx, async (tx) => {
        await tx.category.create({ data: { accountId: account.accountId, slug: "rolled-back", name: "Gone", position: 92 } });
        throw new AppError("UNPROCESSABLE", "The domain said no.");
      }),
    );
    expect(await database.db.category.count({ where: { accountId: account.accountId, slug: "rolled-back" } })).toBe(0);
  });

  it("passes other errors through unchanged", async () => {
    const ctx = serviceContext(database.db, account.users.admin.actor);
    const error = await conflictOf(
      runInTransaction(ctx, async () => {
        throw new AppError("NOT_FOUND", "No such thing.");
      }),
    );
    expect(error.code).toBe("NOT_FOUND");
  });
});
