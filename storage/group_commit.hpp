#pragma once
// Group commit (docs/decisions/0010): one writer thread owns a write connection and runs the writes it is given in
// batches, one transaction per batch, each write in its own SAVEPOINT. A write that throws is rolled back alone;
// its neighbours commit. Every write's completion is called only after its batch's COMMIT has returned, so with
// synchronous=FULL an acknowledged write is durable. Concurrent writers share one fsync instead of one each.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

#include "storage/database.hpp"

namespace motcua::storage {

class GroupCommit final {
public:
    /// Runs on the writer thread inside the batch's transaction, in its own savepoint. Throwing rolls back this
    /// write only.
    using Work = std::function<void()>;
    /// Called on the writer thread once the write's fate is final: nullptr after its batch committed, or the
    /// exception that ended the write (or the batch's BEGIN/COMMIT).
    using Done = std::function<void(std::exception_ptr)>;

    /// Starts the writer thread. `db` must outlive this object and must not be used by any other thread meanwhile.
    /// `max_batch`: the most writes in one transaction.
    explicit GroupCommit(Database& db, std::size_t max_batch = 512);
    /// Finishes every write already submitted, then stops the thread.
    ~GroupCommit();
    GroupCommit(const GroupCommit&) = delete;
    GroupCommit& operator=(const GroupCommit&) = delete;

    /// Queues a write. Safe from any thread. Writes are run in submission order.
    void submit(Work work, Done done);

    struct Stats {
        std::uint64_t batches = 0;
        std::uint64_t writes = 0;
        std::uint64_t failed = 0;
        std::size_t largest_batch = 0;
    };
    [[nodiscard]] Stats stats() const;

private:
    struct Item {
        Work work;
        Done done;
    };
    void loop();
    void run_batch(std::deque<Item>& batch);

    Database& db_;
    std::size_t max_batch_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Item> queue_;
    bool stopping_ = false;
    Stats stats_;
    std::thread thread_;  // started by the constructor once the connection is set up
};

}  // namespace motcua::storage
