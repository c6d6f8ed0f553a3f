#include "storage/group_commit.hpp"

#include <utility>
#include <vector>

namespace motcua::storage {

GroupCommit::GroupCommit(Database& db, std::size_t max_batch) : db_(db), max_batch_(max_batch == 0 ? 1 : max_batch) {
    db_.tune_for_batched_writes();  // before the thread starts: from then on only the thread uses the connection
    thread_ = std::thread([this] { loop(); });
}

GroupCommit::~GroupCommit() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
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
}

}  // namespace motcua::storage
