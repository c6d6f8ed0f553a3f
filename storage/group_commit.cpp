#include "storage/group_commit.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include <sqlite3.h>

namespace motcua::storage {

GroupCommit::GroupCommit(Database& db, std::size_t max_batch, int checkpoint_pages)
    : db_(db),
      max_batch_(max_batch == 0 ? 1 : max_batch),
      checkpoint_pages_(std::clamp(checkpoint_pages, 1, 1 << 24)),  // the sums below stay far from INT_MAX
      restart_at_pages_(kRestartFactor * checkpoint_pages_) {
    db_.tune_for_batched_writes();  // before the thread starts: from then on only the thread uses the connection
    if (sqlite3* handle = db_.handle(); handle != nullptr && db_.path() != ":memory:") {
        // The WAL hook replaces SQLite's automatic checkpoint on this connection (sqlite3_wal_autocheckpoint is
        // this hook): the writer's COMMIT only says that one is due; the checkpointer thread runs it (and once the
        // WAL is long, the writer copies the rest: restart_wal_if_long).
        checkpoint_db_ = std::make_unique<Database>(db_.path());
        sqlite3_wal_hook(handle, &GroupCommit::on_wal_commit, this);
        checkpointer_ = std::thread([this] { checkpoint_loop(); });
    }
    thread_ = std::thread([this] { loop(); });
}

GroupCommit::~GroupCommit() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
    if (checkpointer_.joinable()) {
        {
            std::lock_guard lock(mutex_);
            checkpoint_stopping_ = true;
        }
        checkpoint_wake_.notify_one();
        checkpointer_.join();
        if (sqlite3* handle = db_.handle()) sqlite3_wal_autocheckpoint(handle, 1000);  // the connection as it was
    }
}

int GroupCommit::on_wal_commit(void* self, sqlite3*, const char*, int pages) {
    auto* group = static_cast<GroupCommit*>(self);
    if (pages < group->wal_pages_) {  // on the writer thread, in its COMMIT: the WAL started over
        group->restart_at_pages_ = kRestartFactor * group->checkpoint_pages_;
        std::lock_guard lock(group->mutex_);
        ++group->stats_.wal_restarts;
    }
    group->wal_pages_ = pages;
    if (pages >= group->checkpoint_pages_) {
        {
            std::lock_guard lock(group->mutex_);
            group->checkpoint_due_ = true;
        }
        group->checkpoint_wake_.notify_one();
    }
    return SQLITE_OK;
}

void GroupCommit::checkpoint_loop() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            checkpoint_wake_.wait(lock,
                                  [this] { return checkpoint_stopping_ || (checkpoint_due_ && !writer_copying_); });
            if (checkpoint_stopping_) return;
            checkpoint_due_ = false;
            checkpoint_running_ = true;
        }
        // PASSIVE: copies what no reader still needs, never waits for a lock, never blocks the writer. Busy or
        // failed: the next COMMIT past the threshold asks again; nothing is lost meanwhile.
        int in_log = -1;
        int copied = -1;
        const int rc =
            sqlite3_wal_checkpoint_v2(checkpoint_db_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &in_log, &copied);
        {
            std::lock_guard lock(mutex_);
            checkpoint_running_ = false;
            last_pass_complete_ = rc == SQLITE_OK && in_log == copied;
            ++stats_.checkpoints;
        }
        checkpoint_idle_.notify_one();
    }
}

void GroupCommit::submit(Work work, Done done) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(Item{std::move(work), std::move(done)});
    }
    wake_.notify_one();
}

GroupCommit::Stats GroupCommit::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void GroupCommit::loop() {
    for (;;) {
        std::deque<Item> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left to do
            // Whatever arrived while the previous batch was committing goes into this one: no waiting for company.
            while (!queue_.empty() && batch.size() < max_batch_) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        run_batch(batch);
    }
}

void GroupCommit::run_batch(std::deque<Item>& batch) {
    std::vector<std::exception_ptr> outcome(batch.size());
    std::size_t failed = 0;
    try {
        db_.begin_write();
    } catch (...) {
        const auto error = std::current_exception();
        {
            std::lock_guard lock(mutex_);
            ++stats_.batches;
            stats_.writes += batch.size();
            stats_.failed += batch.size();
        }
        for (auto& item : batch) item.done(error);
        return;
    }
    bool broken = false;  // the transaction itself is gone (SQLite rolled it back): nothing more can commit
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (broken) {
            outcome[i] = std::make_exception_ptr(StorageError(0, "the batch transaction was rolled back"));
            continue;
        }
        try {
            db_.exec("SAVEPOINT motcua_item");
            batch[i].work();
            db_.exec("RELEASE motcua_item");
        } catch (...) {
            outcome[i] = std::current_exception();
            try {
                db_.exec("ROLLBACK TO motcua_item; RELEASE motcua_item");
            } catch (...) {
                broken = true;
            }
        }
    }
    std::exception_ptr batch_error;
    try {
        if (broken) throw StorageError(0, "the batch transaction was rolled back");
        db_.exec("COMMIT");
    } catch (...) {
        batch_error = std::current_exception();
        try {
            db_.exec("ROLLBACK");
        } catch (...) {  // already rolled back by SQLite
        }
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (!outcome[i]) outcome[i] = batch_error;
        if (outcome[i]) ++failed;
    }
    {
        std::lock_guard lock(mutex_);
        ++stats_.batches;
        stats_.writes += batch.size();
        stats_.failed += failed;
        if (batch.size() > stats_.largest_batch) stats_.largest_batch = batch.size();
    }
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(outcome[i]);
    restart_wal_if_long();
}

// SQLite starts a WAL over from its beginning only when a write transaction begins after a checkpoint copied all of
// it. The checkpointer alone never gets there while writes keep coming: each PASSIVE pass copies the frames committed
// before it began, and meanwhile the writer appends more. Under a sustained rush the file then grew without bound
// (756 MiB after 10 s of intakes at 1 M dossiers), every frame went to new file space, which the kernel zeroes page
// by page (11–22 % of the writer's time), and every read searched a longer WAL index. So once the WAL is long the
// writer copies what is left itself: it waits for a pass of the checkpointer under way (SQLite runs one checkpoint at
// a time) and keeps the next from starting; its PASSIVE checkpoint finds most pages already copied, and since this
// thread makes all of the server's writes nothing is appended meanwhile (the notification worker's rare writes may
// make it busy: tried again later), so its next BEGIN starts the WAL over. The writer copies only the tail: if the
// checkpointer's last pass could not copy all it saw (a reader, a backup, needed old frames), the backlog is left to
// the checkpointer and the writer does not stall its queue on it. Whatever stops an attempt (that, a reader still in
// the WAL at BEGIN), the writer tries again once the WAL has grown by another checkpoint_pages_; on_wal_commit sees
// the WAL start over and sets the threshold back.
void GroupCommit::restart_wal_if_long() {
    if (!checkpoint_db_ || wal_pages_ < restart_at_pages_) return;
    restart_at_pages_ = wal_pages_ + checkpoint_pages_;
    {
        std::unique_lock lock(mutex_);
        // A pass under way after a complete one copies only what came since: short, worth waiting for. After an
        // incomplete one it may be copying a backlog: not waited for.
        if (last_pass_complete_) checkpoint_idle_.wait(lock, [this] { return !checkpoint_running_; });
        if (!last_pass_complete_) {
            checkpoint_due_ = true;  // the backlog is the checkpointer's: one more pass
            lock.unlock();
            checkpoint_wake_.notify_one();
            return;
        }
        writer_copying_ = true;
    }
    int in_log = -1;
    int copied = -1;
    const int rc = sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &in_log, &copied);
    {
        std::lock_guard lock(mutex_);
        writer_copying_ = false;
        ++stats_.wal_copies;
        if (rc != SQLITE_OK || in_log != copied) ++stats_.wal_copies_short;
    }
    checkpoint_wake_.notify_one();  // a pass that came due meanwhile may start
}

}  // namespace motcua::storage
