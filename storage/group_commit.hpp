#pragma once
// Group commit (docs/decisions/0010): one writer thread owns a write connection and runs the writes it is given in
// batches, one transaction per batch, each write in its own SAVEPOINT. A write that throws is rolled back alone;
// its neighbours commit. Every write's completion is called only after its batch's COMMIT has returned, so with
// synchronous=FULL an acknowledged write is durable. Concurrent writers share one fsync instead of one each.
// On SQLite, the WAL is checkpointed by a thread of its own on a connection of its own (decision 0044), not by the
// writer thread's COMMIT, so that the writer's time goes to writes. Once the WAL is long, the writer copies the
// little the checkpointer has not, so that the WAL starts over instead of growing for as long as writes keep coming
// (decision 0053).
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
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
    /// `max_batch`: the most writes in one transaction. On SQLite also opens a second connection to the same file
    /// and starts the checkpointer thread: once a COMMIT leaves `checkpoint_pages` or more pages in the WAL (SQLite's
    /// automatic checkpoint threshold by default), it runs a PASSIVE checkpoint there; `db` checkpoints no more,
    /// except that once a COMMIT leaves `kRestartFactor × checkpoint_pages` or more, the writer thread, after
    /// answering that batch, checkpoints what is left so that its next transaction starts the WAL over.
    explicit GroupCommit(Database& db, std::size_t max_batch = 512, int checkpoint_pages = 1000);
    static constexpr int kRestartFactor = 4;
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
        std::uint64_t checkpoints = 0;  ///< checkpoints the checkpointer thread ran
        std::uint64_t wal_restarts = 0;  ///< times a COMMIT found the WAL started over from its beginning
        std::uint64_t wal_copies = 0;    ///< times the writer copied the rest of a long WAL (restart_wal_if_long)
        std::uint64_t wal_copies_short = 0;  ///< of those, the ones that stopped short of the WAL's end
    };
    [[nodiscard]] Stats stats() const;

private:
    struct Item {
        Work work;
        Done done;
    };
    void loop();
    void run_batch(std::deque<Item>& batch);
    void checkpoint_loop();
    void restart_wal_if_long();
    static int on_wal_commit(void* self, struct sqlite3* db, const char* schema, int pages);

    Database& db_;
    std::size_t max_batch_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Item> queue_;
    bool stopping_ = false;
    Stats stats_;
    // The checkpointer (SQLite only): its connection, and whether a checkpoint is due. Guarded by mutex_.
    int checkpoint_pages_;
    std::unique_ptr<Database> checkpoint_db_;
    std::condition_variable checkpoint_wake_;
    bool checkpoint_due_ = false;
    bool checkpoint_stopping_ = false;
    bool checkpoint_running_ = false;  // a pass of the checkpointer is under way
    bool writer_copying_ = false;      // the writer is copying the WAL's rest: no pass may start meanwhile
    bool last_pass_complete_ = false;  // the checkpointer's last pass copied every frame it saw
    std::condition_variable checkpoint_idle_;
    // The writer thread's own: the WAL's length after its last COMMIT, and the length at which it next copies the
    // WAL's rest (kRestartFactor × checkpoint_pages_; later after an attempt that did not start the WAL over).
    int wal_pages_ = 0;
    int restart_at_pages_ = 0;
    std::thread checkpointer_;
    std::thread thread_;  // started by the constructor once the connection is set up
};

}  // namespace motcua::storage
