#pragma once
// Paging of the report lists (?limit=&offset=, issue #5): a page of the whole list, whose length is the answer's
// total. Without a limit the page is every item from the offset on (offset 0: the whole list, as before paging).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace motcua::core {

/// The largest page a caller may ask for; the whole list is asked for without a limit.
inline constexpr std::int64_t kMaxPageLimit = 10000;

struct Page {
    std::int64_t offset = 0;            ///< items skipped, 0 or more
    std::optional<std::int64_t> limit;  ///< at most this many items (1 to kMaxPageLimit); none: all the rest
};

/// The positions [first, last) of the items `page` selects in a list of `size` items; empty past the end.
[[nodiscard]] inline std::pair<std::size_t, std::size_t> page_bounds(std::size_t size, const Page& page) {
    const std::size_t first = std::min(size, static_cast<std::size_t>(std::max<std::int64_t>(page.offset, 0)));
    std::size_t last = size;
    if (page.limit) last = std::min(size, first + static_cast<std::size_t>(std::max<std::int64_t>(*page.limit, 0)));
    return {first, last};
}

/// Keeps only the items `page` selects, in their order.
template <class T>
void keep_page(std::vector<T>& items, const Page& page) {
    const auto [first, last] = page_bounds(items.size(), page);
    items.erase(items.begin() + static_cast<std::ptrdiff_t>(last), items.end());
    items.erase(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(first));
}

}  // namespace motcua::core
