#pragma once
// Settings for loading many rows at once (`motcua demo`): while a BulkLoad lives, commits skip the flush to disk
// and the secondary (non-unique) indexes of the named tables are dropped, to be built again, from their own
// definitions, by finish(): one sort per index instead of a random insert per row. The unique indexes stay, since
// they check the load. A load interrupted by a crash is simply done again; the server's connections keep durable
// commits.
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace motcua::storage {

class BulkLoad final {
public:
    BulkLoad(Database& db, const std::vector<std::string>& tables);
    /// Builds the dropped indexes again and restores the connection's durable settings.
    void finish();
    /// Restores the settings if finish() was not reached (the indexes stay dropped: generate again).
    ~BulkLoad();
    BulkLoad(const BulkLoad&) = delete;
    BulkLoad& operator=(const BulkLoad&) = delete;

private:
    void restore_settings();
    Database& db_;
    std::vector<std::string> index_sql_;
    bool finished_ = false;
};

}  // namespace motcua::storage
