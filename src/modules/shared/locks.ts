/**
 * THE LOCK ORDER. Every command takes the rows it writes, or whose state its rule depends on, in
 * this order, and never one of an earlier rank after one of a later rank:
 *
 *   1. its idempotency key                      (../shared/command.ts: the claim insert)
 *   2. the exception it decides or cancels      (a PENDING exception: decide, cancel, decision-SLA job)
 *   3. a delivery note                          (registration, receipts, QC, put-away, arrival, confirm,
 *                                                cancel, transport-timeout job; the decide's own note)
 *   4. a stocking order                         (accept, cancel, create a note on it, the JIT jobs; the
 *                                                order of the note of rank 3)
 *   5. a return order                           (method, ship, pick-up, dispose, sign, the method job)
 *   6. the exception a finished task belongs to (a PROCESSING exception: completion, ../exceptions/completion.ts)
 *   7. a dispute                                (accept, reject, the dispute-SLA job: ../disputes/service.ts;
 *                                                then the document it disputes, at that document's rank)
 *   8. leaves no command waits on after holding them: compensations, penalties, tickets, fees
 *                                               (../fees/service.ts waiveFeeInTx: ops' waive, an accepted dispute)
 *   9. counters, last, just before the commit   (../exceptions/counts.ts, ../../db/before-commit.ts)
 *
 * Opening a dispute locks the disputed penalty (rank 8) and then inserts the dispute: a new row, no
 * rank; the partial unique index of open disputes makes a second opening of the same document
 * conflict at once (an open dispute being decided is only row-locked, which a unique check does not
 * wait for). Confirming a penalty locks it, then reads its open dispute without locking it.
 *
 * Outside this order, and never combined with it: an address-book write locks its merchant's row
 * (../addresses/service.ts, one default address), the webhook worker claims deliveries with
 * SKIP LOCKED (../webhooks/deliveries.ts), and a deadline job takes its due row with SKIP LOCKED at
 * that row's rank (../../jobs/due.ts). The rollup fold holds only its cursor row (FOR UPDATE) and
 * writes only the performance tables, reading documents without locks (../performance/fold.ts); the
 * coaching job claims a coaching_levels row with SKIP LOCKED and writes only it, its events and
 * outbox (../performance/coaching.ts): no command locks those tables, so neither meets this order.
 *
 * Rows a transaction inserts are invisible to others until it commits, so writing them needs no
 * rank (a registration's policy deciding the exception it just inserted, a decide's new documents).
 * Why no cycle remains between ranks 2 and 6, which are both exceptions: rank 2 is always a PENDING
 * exception and rank 6 a PROCESSING one, and the tasks whose rows (3–5) lead to a rank-6 lock are
 * created by that exception's decision, after it stopped being PENDING.
 *
 * A lock is taken by reading the row with `lockDocument()` (./transition.ts), or for a delivery note
 * with `lockNoteWithOrder()` (../delivery-notes/lifecycle.ts: the same lock of the note, `FOR NO KEY
 * UPDATE OF` the note only, with its order's type, number and currency, which never change; the order
 * row is not locked by it), before anything is decided from it: on PostgreSQL that read waits for
 * the row's current writer and then sees the committed row, so "look at other rows, then act" rules
 * (an exception completes when no task is open; a note completes when no exception is pending; a
 * note cannot exceed its order) serialise on the row they depend on. The reads that rule on other
 * rows are separate statements after the lock (a statement's snapshot is taken when it starts: one
 * that waited for the lock would not see what the writer it waited for committed). A deadlock or
 * serialisation failure that still happens (e.g. two jobs on one row) is retried by
 * `inTransaction()` (./command.ts), never answered 500.
 */
export {};
