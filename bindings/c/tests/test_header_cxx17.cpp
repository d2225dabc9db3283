// The C header and the C++ wrapper compile standalone as C++17 (-Wall -Wextra -Wpedantic
// -Werror) and survive double inclusion; the C declarations keep C linkage.
#include "memoryrelay.h"
#include "memoryrelay.h"
#include "memoryrelay.hpp"
#include "memoryrelay.hpp"

#include <cstdio>
#include <string>
#include <type_traits>

static_assert(std::is_same<decltype(&mr_call),
                           mr_status (*)(const mr_client *, const char *, const char *, char **)>::value,
              "mr_call signature");
static_assert(!std::is_copy_constructible<memoryrelay::Client>::value, "Client is move-only");
static_assert(std::is_nothrow_move_constructible<memoryrelay::Client>::value, "Client moves");

int main() {
    int failed = 0;
    const std::string expected = std::to_string(MR_VERSION_MAJOR) + "." +
                                 std::to_string(MR_VERSION_MINOR) + "." +
                                 std::to_string(MR_VERSION_PATCH);
    if (memoryrelay::version() != expected) failed++;
    if (mr_abi_version() != MR_ABI_VERSION) failed++;
    std::printf("%d passed, %d failed\n", 2 - failed, failed);
    return failed != 0;
}
